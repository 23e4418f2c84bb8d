package io.caas.server.admin;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** Inventories on loopback addresses, so that `haproxy -c` resolves nothing outside this machine. */
final class TestInventories {
    private TestInventories() {
    }

    static List<Controller> controllers(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> new Controller("controller-" + i, "127.0.1." + i, 9511))
                .toList();
    }

    static Inventory http(List<Controller> controllers, CheckTimings checks, Path statsSocket) {
        return new Inventory("127.0.0.1", 9511, PortRange.DEFAULT_EXTERNAL_CA, URI.create("http://127.0.0.1:9511"), Optional.empty(),
                statsSocket, controllers, checks, ProxyTimeouts.defaults());
    }
}
