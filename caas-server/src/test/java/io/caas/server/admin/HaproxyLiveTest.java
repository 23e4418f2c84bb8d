package io.caas.server.admin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real HAProxy, configured by the renderer, in front of three stand-in controllers on loopback: when one
 * controller dies, every request through the VIP still succeeds, and the health checks mark it down; external-CA
 * TLS reaches the controller untouched.
 */
class HaproxyLiveTest {
    private static final String API_BACKEND = "caas_api_controllers";
    private static final int REQUESTS = 30;

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private Process haproxy;
    private Path haproxyLog;

    @AfterEach
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor();
        }
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
    }

    @Test
    void requestsThroughTheVipKeepSucceedingWhenAControllerDies() throws Exception {
        List<FakeController> fakes = List.of(start("controller-1", "127.0.1.1"), start("controller-2", "127.0.1.2"),
                start("controller-3", "127.0.1.3"));
        List<Controller> controllers = new ArrayList<>();
        for (FakeController fake : fakes) {
            controllers.add(new Controller(fake.name(), fake.address(), fake.port()));
        }
        int vipPort = freePort();
        int caPort = freePort();
        Path socket = dir.resolve("admin.sock");
        Inventory inventory = new Inventory("127.0.0.1", vipPort, new PortRange(caPort, caPort),
                URI.create("http://127.0.0.1:" + vipPort),
                Optional.empty(), socket, controllers, new CheckTimings("200ms", "100ms", "200ms", 2, 2),
                new ProxyTimeouts("1s", "10s", "10s", "5s", "5s", "1s", "1m"));
        startHaproxy(HaproxyConfigRenderer.render(inventory));
        HaproxyStats stats = new HaproxyStats(socket);
        awaitStatus(stats, states -> states.size() == 3 && states.values().stream().allMatch("UP"::equals));

        assertThat(serversAnswering(vipPort)).containsExactlyInAnyOrder("controller-1", "controller-2", "controller-3");

        fakes.get(1).close();
        assertThat(serversAnswering(vipPort)).as("answers right after controller-2 died, before any check noticed")
                .containsExactlyInAnyOrder("controller-1", "controller-3");

        awaitStatus(stats, states -> states.get("controller-2").startsWith("DOWN"));
        assertThat(stats.serverStatus(API_BACKEND))
                .containsEntry("controller-1", "UP").containsEntry("controller-3", "UP");
        assertThat(serversAnswering(vipPort)).containsExactlyInAnyOrder("controller-1", "controller-3");
    }

    @Test
    void externalCaConnectionsReachTheDialledPortUntouchedAndAnythingButTlsIsDropped() throws Exception {
        FakeController api = start("controller-1", "127.0.1.1");
        int vipPort = freePort();
        int vipCaPort = freePort();
        // The cluster's listener on the controller's own address, at the port the node dials on the VIP.
        FirstBytesRecorder ca = new FirstBytesRecorder(api.address(), vipCaPort);
        running.add(ca);
        Path socket = dir.resolve("admin.sock");
        Inventory inventory = new Inventory("127.0.0.1", vipPort, new PortRange(vipCaPort, vipCaPort),
                URI.create("http://127.0.0.1:" + vipPort), Optional.empty(), socket,
                List.of(new Controller("controller-1", api.address(), api.port())),
                new CheckTimings("200ms", "100ms", "200ms", 1, 1), ProxyTimeouts.defaults());
        startHaproxy(HaproxyConfigRenderer.render(inventory));
        awaitStatus(new HaproxyStats(socket), states -> "UP".equals(states.get("controller-1")));

        sendClientHello(vipCaPort, "cluster-1.caas.test");
        byte[] hello = ca.received().poll(30, TimeUnit.SECONDS);
        assertThat(hello).as("bytes that reached the controller's CA port; haproxy log:\n%s", log()).isNotNull();
        assertThat(hello[0]).as("TLS handshake record, not re-encrypted by HAProxy").isEqualTo((byte) 0x16);
        assertThat(new String(hello, StandardCharsets.ISO_8859_1)).contains("cluster-1.caas.test");

        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), vipCaPort)) {
            plain.setSoTimeout(30_000);
            plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(plain.getInputStream().read()).as("HAProxy closes a non-TLS connection unanswered").isEqualTo(-1);
        }
        assertThat(ca.received()).as("nothing but the TLS handshake reached the controller").isEmpty();
    }

    /** Starts a TLS handshake naming the cluster; it cannot finish (nothing answers), only its hello matters. */
    private static void sendClientHello(int port, String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        try (SSLSocket client = (SSLSocket) context.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port)) {
            SSLParameters parameters = client.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            client.setSSLParameters(parameters);
            client.setSoTimeout(30_000);
            assertThatThrownBy(client::startHandshake).isInstanceOf(IOException.class);
        }
    }

    private FakeController start(String name, String address) throws IOException {
        FakeController fake = new FakeController(name, address);
        running.add(fake);
        return fake;
    }

    private void startHaproxy(String config) throws IOException {
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), config);
        haproxyLog = dir.resolve("haproxy.log");
        haproxy = HaproxyBinary.serve(file, haproxyLog);
    }

    /** Sends requests through the VIP; every one must succeed. Returns the controllers that answered. */
    private Set<String> serversAnswering(int vipPort) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vipPort + "/v1/clusters"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("request %d; haproxy log:\n%s", i, log()).isEqualTo(200);
            answered.add(response.body());
        }
        return answered;
    }

    private void awaitStatus(HaproxyStats stats, Predicate<Map<String, String>> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, String> states = Map.of();
        while (System.nanoTime() < deadline) {
            assertThat(haproxy.isAlive()).as("haproxy exited; log:\n%s", log()).isTrue();
            if (Files.exists(stats.socket())) {
                states = stats.serverStatus(API_BACKEND);
                if (expected.test(states)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("HAProxy never reported the expected server states; last: " + states
                + "\nhaproxy log:\n" + log());
    }

    private String log() {
        try {
            return Files.readString(haproxyLog);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
