package io.caas.driver.swarmmode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dockerd for a test, on 127.0.0.1 only, with all its state in a temp directory and a private /etc/docker
 * (its own mount namespace), stopped by the PID this class started.
 */
final class TestEngine implements AutoCloseable {
    private final Process process;
    private final Path dir;
    final int port;

    private TestEngine(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static TestEngine start(Path dir, String caPem, PemCredentials server, List<String> labels) throws Exception {
        String dockerd = Processes.require("dockerd");
        Files.createDirectories(dir.resolve("etc-docker"));
        Files.writeString(dir.resolve("ca.pem"), caPem);
        Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Files.writeString(dir.resolve("server-key.pem"), server.privateKeyPem());
        Files.writeString(dir.resolve("daemon.json"), "{}");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" /etc/docker && shift && exec \"$@\"", "sh", dir.resolve("etc-docker").toString(),
                dockerd, "--config-file", dir.resolve("daemon.json").toString(),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(), "-H", "unix://" + dir.resolve("docker.sock"),
                "-H", "tcp://127.0.0.1:" + port, "--tlsverify", "--tlscacert", dir.resolve("ca.pem").toString(),
                "--tlscert", dir.resolve("server.pem").toString(), "--tlskey", dir.resolve("server-key.pem").toString(),
                "--iptables=false", "--ip-masq=false", "--bridge=none", "--storage-driver=vfs"));
        for (String label : labels) {
            command.add("--label");
            command.add(label);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        return new TestEngine(process, dir, port);
    }

    /** Waits until the engine answers on its socket; fails with its log when it died or hung. */
    void awaitUp() throws Exception {
        for (int i = 0; i < 150; i++) {
            if (!process.isAlive()) {
                throw new AssertionError("dockerd exited with " + process.exitValue() + ":\n" + log());
            }
            if (Processes.run(List.of("curl", "-sf", "--unix-socket", dir.resolve("docker.sock").toString(),
                    "http://localhost/_ping")).exitCode() == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("dockerd did not answer within 30 s:\n" + log());
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("dockerd.log"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
