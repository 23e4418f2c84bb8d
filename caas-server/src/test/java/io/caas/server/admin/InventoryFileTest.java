package io.caas.server.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryFileTest {
    @TempDir
    Path dir;

    @Test
    void readsControllersPortsAndTimingsWithDefaultsForWhatIsLeftOut() throws URISyntaxException {
        Inventory inventory = InventoryFile.load(Path.of(getClass().getResource("three-controllers.ini").toURI()));

        assertThat(inventory.vip()).isEqualTo("127.0.0.1");
        assertThat(inventory.apiPort()).isEqualTo(9511);
        assertThat(inventory.caPorts()).isEqualTo(new PortRange(21000, 21099));
        assertThat(inventory.https()).isFalse();
        assertThat(inventory.controllers()).containsExactly(
                new Controller("controller-1", "127.0.1.1", 9511),
                new Controller("controller-2", "127.0.1.2", 9511),
                new Controller("controller-3", "127.0.1.3", 19511));
        assertThat(inventory.checks()).isEqualTo(new CheckTimings("5s", "2s", "3s", 3, 2));
        assertThat(inventory.timeouts().server()).isEqualTo("300s");
        assertThat(inventory.timeouts().connect()).isEqualTo(ProxyTimeouts.defaults().connect());
    }

    @Test
    void aControllerNameWithASpaceIsRefusedBeforeItIsUsed() throws Exception {
        Path file = Files.writeString(dir.resolve("inventory.ini"), """
                [haproxy]
                vip = 127.0.0.1
                public_url = http://127.0.0.1:9511
                controllers = controller 1
                [controller:controller 1]
                address = 127.0.1.1
                """);

        assertThatThrownBy(() -> InventoryFile.load(file))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'controller 1' is not a valid name")
                .hasMessageContaining("no spaces");
    }

    @Test
    void aControllerWithoutAnAddressNamesTheSectionToAdd() throws Exception {
        Path file = Files.writeString(dir.resolve("inventory.ini"), """
                [haproxy]
                vip = 127.0.0.1
                public_url = http://127.0.0.1:9511
                controllers = controller-1
                """);

        assertThatThrownBy(() -> InventoryFile.load(file))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("add [controller:controller-1] with address = ...");
    }

    @Test
    void aMissingVipNamesTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("inventory.ini"), """
                [haproxy]
                public_url = http://127.0.0.1:9511
                controllers = controller-1
                """);

        assertThatThrownBy(() -> InventoryFile.load(file))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("[haproxy] vip");
    }

    @Test
    void aPortThatIsNotANumberIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("inventory.ini"), """
                [haproxy]
                vip = 127.0.0.1
                public_url = http://127.0.0.1:9511
                api_port = 95 11
                controllers = controller-1
                [controller:controller-1]
                address = 127.0.1.1
                """);

        assertThatThrownBy(() -> InventoryFile.load(file))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("[haproxy] api_port must be a whole number, not '95 11'");
    }

    @Test
    void aMissingFileSaysWhichPathToCheck() {
        Path missing = dir.resolve("absent.ini");

        assertThatThrownBy(() -> InventoryFile.load(missing))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("--inventory");
    }
}
