package io.caas.server.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Ansible deployment in ansible/: it parses, it passes ansible-lint, and its haproxy role feeds caas. */
class AnsiblePlaybookTest {
    private static final Path ANSIBLE = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath().resolve("../ansible").normalize();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"inventory/example.ini", "inventory/test-local.ini"})
    void sitePlaybookPassesSyntaxCheck(String inventory) throws Exception {
        ExternalCommand.Result result = ExternalCommand.run(ANSIBLE,
                List.of("ansible-playbook", "--syntax-check", "-i", inventory, "site.yml"));

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void ansibleLintFindsNothingWithTheProductionProfile() throws Exception {
        ExternalCommand.Result result = ExternalCommand.run(ANSIBLE, List.of("ansible-lint", "--nocolor"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Passed with production profile: 0 failure(s), 0 warning(s)");
    }

    @Test
    void theInventoryTheHaproxyRoleWritesIsReadByCaasAndRendersAValidConfiguration() throws Exception {
        Path inventoryFile = dir.resolve("haproxy-inventory.ini");
        Path certificate = SelfSignedPem.write(dir.resolve("caas.pem"));
        ExternalCommand.Result result = ExternalCommand.run(ANSIBLE, List.of("ansible-playbook",
                "-i", "inventory/example.ini", "tests/render-haproxy-inventory.yml",
                "-e", "haproxy_inventory_file=" + inventoryFile,
                "-e", "haproxy_config_file=" + dir.resolve("haproxy.cfg"),
                "-e", "haproxy_stats_socket=" + dir.resolve("admin.sock"),
                "-e", "haproxy_tls_certificate=" + certificate));
        assertThat(result.exitCode()).as(result.output()).isZero();

        Inventory inventory = InventoryFile.load(inventoryFile);

        assertThat(inventory.controllers()).extracting(Controller::name)
                .containsExactly("controller-1", "controller-2", "controller-3");
        assertThat(inventory.https()).isTrue();
        assertThat(inventory.checks()).isEqualTo(CheckTimings.defaults());
        Path config = Files.writeString(dir.resolve("haproxy.cfg"), HaproxyConfigRenderer.render(inventory));
        HaproxyBinary.CheckResult check = HaproxyBinary.check(config);
        assertThat(check.exitCode()).as(check.output()).isZero();
    }
}
