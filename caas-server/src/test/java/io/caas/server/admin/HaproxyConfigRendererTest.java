package io.caas.server.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HaproxyConfigRendererTest {
    private static final String DEFAULT_CHECK = "check inter 10s fastinter 2s downinter 3s rise 3 fall 3";

    @TempDir
    Path dir;

    @Test
    void threeControllersBehindTheVipPassHaproxyCheck() throws Exception {
        Inventory inventory = TestInventories.http(TestInventories.controllers(3), CheckTimings.defaults(),
                dir.resolve("admin.sock"));

        String config = HaproxyConfigRenderer.render(inventory);

        assertThat(config)
                .contains("bind 127.0.0.1:9511\n")
                .contains("option httpchk GET /healthcheck")
                .contains("http-check expect status 200")
                .contains("option forwardfor")
                .contains("http-request set-header X-Forwarded-Proto http\n")
                .contains("server controller-1 127.0.1.1:9511 " + DEFAULT_CHECK)
                .contains("server controller-2 127.0.1.2:9511 " + DEFAULT_CHECK)
                .contains("server controller-3 127.0.1.3:9511 " + DEFAULT_CHECK)
                .contains("server controller-3 127.0.1.3 " + DEFAULT_CHECK + " port 9511\n")
                .contains("stats socket " + dir.resolve("admin.sock") + " mode 660 level admin")
                .contains("timeout http-request 10s");
        assertPassesHaproxyCheck(config);
    }

    @Test
    void oneControllerPassesHaproxyCheck() throws Exception {
        String config = HaproxyConfigRenderer.render(TestInventories.http(TestInventories.controllers(1),
                CheckTimings.defaults(), dir.resolve("admin.sock")));

        assertThat(config).contains("server controller-1 127.0.1.1:9511 " + DEFAULT_CHECK)
                .doesNotContain("controller-2");
        assertPassesHaproxyCheck(config);
    }

    @Test
    void customCheckTimingsReachEveryServerLine() throws Exception {
        CheckTimings fast = new CheckTimings("500ms", "100ms", "1s", 2, 5);
        String config = HaproxyConfigRenderer.render(TestInventories.http(TestInventories.controllers(3), fast,
                dir.resolve("admin.sock")));

        assertThat(config.lines().filter(line -> line.strip().startsWith("server ")))
                .hasSize(6)
                .allSatisfy(line -> assertThat(line).contains(" check inter 500ms fastinter 100ms downinter 1s rise 2 fall 5"));
        assertPassesHaproxyCheck(config);
    }

    @Test
    void externalCaPortRangeIsPassedThroughInTcpModeToTheDialledPort() throws Exception {
        String config = HaproxyConfigRenderer.render(TestInventories.http(TestInventories.controllers(3),
                CheckTimings.defaults(), dir.resolve("admin.sock")));

        String caFrontend = section(config, "frontend caas_external_ca");
        assertThat(caFrontend).contains("bind 127.0.0.1:20000-29999\n").contains("mode tcp")
                .contains("req.ssl_hello_type 1").doesNotContain("ssl crt");
        assertThat(section(config, "backend caas_external_ca_controllers")).contains("mode tcp")
                .as("no port on the server: the node's destination port is kept")
                .contains("server controller-1 127.0.1.1 check").doesNotContain("127.0.1.1:");
        assertPassesHaproxyCheck(config);
    }

    @Test
    void httpsPublicUrlTerminatesApiTlsOnTheVipAndForwardsTheScheme() throws Exception {
        Path pem = SelfSignedPem.write(dir.resolve("caas.pem"));
        Inventory inventory = new Inventory("127.0.0.1", 9511, PortRange.DEFAULT_EXTERNAL_CA, URI.create("https://caas.test:9511"),
                Optional.of(pem), dir.resolve("admin.sock"), TestInventories.controllers(3),
                CheckTimings.defaults(), ProxyTimeouts.defaults());

        String config = HaproxyConfigRenderer.render(inventory);

        assertThat(config).contains("bind 127.0.0.1:9511 ssl crt " + pem + "\n")
                .contains("http-request set-header X-Forwarded-Proto https\n");
        assertPassesHaproxyCheck(config);
    }

    @Test
    void haproxyCheckCatchesABrokenConfiguration() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.cfg"), "frontend x\n    bind 127.0.0.1:9511\n"
                + "    no-such-keyword on\n");

        assertThat(HaproxyBinary.check(broken).exitCode()).isNotZero();
    }

    private void assertPassesHaproxyCheck(String config) throws Exception {
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), config);
        HaproxyBinary.CheckResult result = HaproxyBinary.check(file);
        assertThat(result.exitCode()).as("haproxy -c output:\n%s\nconfig:\n%s", result.output(), config).isZero();
        assertThat(result.output()).as("haproxy -c warnings").doesNotContain("[WARNING]").doesNotContain("[ALERT]");
    }

    private static String section(String config, String header) {
        int start = config.indexOf("\n" + header + "\n");
        assertThat(start).as("section %s", header).isNotNegative();
        int end = config.indexOf("\n\n", start);
        return end < 0 ? config.substring(start) : config.substring(start, end);
    }
}
