package io.caas.server.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryValidationTest {
    private static final Path SOCKET = Path.of("/run/haproxy/admin.sock");

    @ParameterizedTest
    @ValueSource(strings = {"controller 1", "controller-1\n    server evil 127.0.0.1:1", "ctl#1", "-ctl", "",
            "ctl\t1", "ctl{1}"})
    void controllerNamesOutsideTheStrictPatternAreRefused(String name) {
        assertThatThrownBy(() -> new Controller(name, "127.0.1.1", 9511))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("controller name")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.1.256", "127.0.1.1 backup", "127.0.1.1\nbind", "host_name", "a..b", "-host",
            "1.2.3", "127.0.1.1:80"})
    void controllerAddressesThatAreNeitherIpv4NorHostNamesAreRefused(String address) {
        assertThatThrownBy(() -> new Controller("controller-1", address, 9511))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("address of controller controller-1")
                .hasMessageContaining("neither an IPv4 address nor a host name");
    }

    @Test
    void hostNamesAreAcceptedAsControllerAddresses() {
        assertThat(new Controller("controller-1", "controller-1.example.org", 9511).address())
                .isEqualTo("controller-1.example.org");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void portsOutsideTcpRangeAreRefused(int port) {
        assertThatThrownBy(() -> new Controller("controller-1", "127.0.1.1", port))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("api_port of controller controller-1")
                .hasMessageContaining("1-65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10 s", "-1s", "0s", "10s\n    bind 0.0.0.0:1", "10sec", "s"})
    void checkIntervalsThatAreNotHaproxyDurationsAreRefused(String inter) {
        assertThatThrownBy(() -> new CheckTimings(inter, "2s", "3s", 3, 3))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("checks.inter")
                .hasMessageContaining("e.g. 10s or 500ms");
    }

    @Test
    void riseAndFallMustBeSmallPositiveCounts() {
        assertThatThrownBy(() -> new CheckTimings("10s", "2s", "3s", 0, 3))
                .isInstanceOf(InvalidInventoryException.class).hasMessageContaining("checks.rise 0");
        assertThatThrownBy(() -> new CheckTimings("10s", "2s", "3s", 3, 100))
                .isInstanceOf(InvalidInventoryException.class).hasMessageContaining("checks.fall 100");
    }

    @Test
    void timeoutsAreValidatedLikeCheckTimings() {
        assertThatThrownBy(() -> new ProxyTimeouts("5s", "60s", "120s", "ten seconds", "30s", "5s", "5m"))
                .isInstanceOf(InvalidInventoryException.class).hasMessageContaining("timeouts.http_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"caas.example.org", "10.0.0.300", "10.0.0.1 ", "::1"})
    void theVipMustBeAnIpv4Address(String vip) {
        assertThatThrownBy(() -> inventory(vip, URI.create("http://caas.example.org:9511"), Optional.empty(), SOCKET,
                TestInventories.controllers(1)))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("vip")
                .hasMessageContaining("is not an IPv4 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/run/haproxy/admin sock", "run/haproxy.sock", "/run/../etc/passwd", "/run/x\nbind"})
    void theStatsSocketMustBeASafeAbsolutePath(String socket) {
        assertThatThrownBy(() -> inventory("127.0.0.1", URI.create("http://127.0.0.1:9511"), Optional.empty(),
                Path.of(socket), TestInventories.controllers(1)))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("stats_socket");
    }

    @Test
    void anHttpsPublicUrlNeedsTheCertificateHaproxyServes() {
        assertThatThrownBy(() -> inventory("127.0.0.1", URI.create("https://caas.example.org:9511"), Optional.empty(),
                SOCKET, TestInventories.controllers(1)))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("tls_certificate is not set");
    }

    @Test
    void aCertificateWithAnHttpPublicUrlIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> inventory("127.0.0.1", URI.create("http://caas.example.org:9511"),
                Optional.of(Path.of("/etc/haproxy/caas.pem")), SOCKET, TestInventories.controllers(1)))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("make public_url https or remove tls_certificate");
    }

    @Test
    void thePublicUrlMustBeHttpOrHttps() {
        assertThatThrownBy(() -> inventory("127.0.0.1", URI.create("ftp://caas.example.org"), Optional.empty(),
                SOCKET, TestInventories.controllers(1)))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("is not an http(s) URL");
    }

    @Test
    void duplicateControllerNamesAreRefused() {
        List<Controller> twice = List.of(new Controller("controller-1", "127.0.1.1", 9511),
                new Controller("controller-1", "127.0.1.2", 9511));

        assertThatThrownBy(() -> inventory("127.0.0.1", URI.create("http://127.0.0.1:9511"), Optional.empty(), SOCKET,
                twice))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("controller name controller-1 appears twice");
    }

    @Test
    void twoControllersOnOneAddressAreRefusedEvenOnDifferentApiPorts() {
        List<Controller> clash = List.of(new Controller("controller-1", "127.0.1.1", 9511),
                new Controller("controller-2", "127.0.1.1", 19511));

        assertThatThrownBy(() -> inventory("127.0.0.1", URI.create("http://127.0.0.1:9511"), Optional.empty(), SOCKET,
                clash))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("controller controller-2 shares address 127.0.1.1");
    }

    @Test
    void anApiPortInsideTheExternalCaRangeIsRefused() {
        assertThatThrownBy(() -> new Inventory("127.0.0.1", 20500, PortRange.DEFAULT_EXTERNAL_CA,
                URI.create("http://127.0.0.1:20500"), Optional.empty(), SOCKET, TestInventories.controllers(1),
                CheckTimings.defaults(), ProxyTimeouts.defaults()))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("api_port 20500 lies in ca_port_range 20000-29999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20000", "29999-20000", "20000-70000", "20000-29999\nbind 0.0.0.0:22", "a-b"})
    void aMalformedCaPortRangeIsRefused(String text) {
        assertThatThrownBy(() -> PortRange.parse("ca_port_range", text.replace("\\n", "\n")))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("ca_port_range");
    }

    @Test
    void anInventoryWithoutControllersIsRefused() {
        assertThatThrownBy(() -> inventory("127.0.0.1", URI.create("http://127.0.0.1:9511"), Optional.empty(), SOCKET,
                List.of()))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("no controllers");
    }

    private static Inventory inventory(String vip, URI publicUrl, Optional<Path> certificate, Path socket,
                                       List<Controller> controllers) {
        return new Inventory(vip, 9511, PortRange.DEFAULT_EXTERNAL_CA, publicUrl, certificate, socket, controllers, CheckTimings.defaults(),
                ProxyTimeouts.defaults());
    }
}
