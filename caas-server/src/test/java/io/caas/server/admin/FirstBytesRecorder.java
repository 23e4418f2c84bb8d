package io.caas.server.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Stands in for a controller's external-CA port: keeps the first bytes of every connection that sends any
 * (HAProxy's TCP health checks connect and send nothing), so a test can see what reached the controller.
 */
final class FirstBytesRecorder implements AutoCloseable {
    private final ServerSocket listener;
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    FirstBytesRecorder(String address, int port) throws IOException {
        listener = new ServerSocket(port, 50, InetAddress.getByName(address));
        Thread acceptor = new Thread(this::acceptUntilClosed, "first-bytes-recorder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    BlockingQueue<byte[]> received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private void acceptUntilClosed() {
        while (!listener.isClosed()) {
            try (Socket connection = listener.accept()) {
                byte[] buffer = new byte[4096];
                int length = connection.getInputStream().read(buffer);
                if (length > 0) {
                    received.add(Arrays.copyOf(buffer, length));
                }
            } catch (IOException closedOrReset) {
                // a health check that hung up, or the listener closed by the test: nothing to record
            }
        }
    }
}
