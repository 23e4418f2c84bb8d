package io.caas.driver.swarmmode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a driver test on namespace hosts stands on: a test network leased for the test class and, for each test, a
 * {@link FakeCaas} on the network's gateway and a {@link NetnsProvider} whose hosts live in a directory of the
 * test's own. After each test every host of {@code clusterId} goes (its processes stopped), then the fake caas and
 * the directory; after the class, the network. Register with {@code @RegisterExtension static final}.
 */
final class DriverTestBed implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final String clusterId;
    private TestNetwork network;
    private Path dir;
    FakeCaas caas;
    NetnsProvider provider;

    DriverTestBed(String clusterId) {
        this.clusterId = clusterId;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        network = TestNetwork.create();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("driver-test");
        caas = new FakeCaas(network.gatewayAddress());
        provider = new NetnsProvider(network, dir);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (provider != null) {
                provider.deleteCluster(clusterId);
            }
        } finally {
            if (caas != null) {
                caas.close();
            }
            Processes.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (network != null) {
            network.close();
        }
    }
}
