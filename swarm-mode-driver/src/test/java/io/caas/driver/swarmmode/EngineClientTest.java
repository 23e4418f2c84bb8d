package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** EngineClient against a real dockerd in a test network host, mutual TLS, certificates made with Bouncy Castle. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineClientTest {
    @TempDir
    static Path dir;
    private static TestPki pki;
    private static TestNetwork network;
    private static TestEngine engine;
    private static EngineClient client;

    @BeforeAll
    static void startEngine() throws Exception {
        pki = TestPki.create("cluster-root");
        network = TestNetwork.create();
        int host = network.nextHostNumber();
        String address = network.addHost(host);
        PemCredentials server = pki.issue("CN=engine", List.of(address), KeyPurposeId.id_kp_serverAuth);
        engine = TestEngine.start(network, host, dir, pki.rootPem(), server, address,
                List.of(SwarmNode.NAME_LABEL + "=test-node-0"));
        engine.awaitUp();
        client = EngineClient.connect(address + ":" + TestEngine.PORT,
                pki.issue("CN=caas-conductor", List.of(), KeyPurposeId.id_kp_clientAuth), pki.rootPem());
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(1)
    void readsEngineInfoOverMutualTls() throws Exception {
        assertThat(client.info().path("ServerVersion").asText()).isNotBlank();
    }

    @Test
    @Order(2)
    void anEngineOutsideASwarmAnswersSwarmWithItsError() {
        assertThatThrownBy(() -> client.swarm())
                .isInstanceOfSatisfying(EngineApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining(engine.address + ":" + TestEngine.PORT).hasMessageContaining("not a swarm manager");
    }

    @Test
    @Order(3)
    void listsDrainsAndRefusesToRemoveTheOnlyManager() throws Exception {
        ObjectNode init = new ObjectMapper().createObjectNode()
                .put("ListenAddr", engine.address + ":2377").put("AdvertiseAddr", engine.address + ":2377");
        client.call("POST", "/swarm/init", init);

        assertThat(client.swarm().path("JoinTokens").path("Worker").asText()).startsWith("SWMTKN-1-");
        List<SwarmNode> nodes = client.nodes();
        assertThat(nodes).hasSize(1);
        SwarmNode node = nodes.get(0);
        assertThat(node.caasName()).isEqualTo("test-node-0");
        assertThat(node.isManager()).isTrue();
        assertThat(node.state()).isEqualTo("ready");
        assertThat(node.reachability()).isEqualTo("reachable");
        // swarm init without an external CA keeps an internal root: not a node of the cluster CA
        assertThat(node.certIssuerPublicKey()).isNotBlank();
        assertThat(node.isReadyUnder(PemSslContexts.publicKeyBase64(pki.rootPem()))).isFalse();

        client.drain(node.id());
        assertThat(client.nodes().get(0).availability()).isEqualTo("drain");
        assertThat(client.runningTasks(node.id())).isZero();

        assertThatThrownBy(() -> client.removeNode(node.id(), false))
                .isInstanceOfSatisfying(EngineApiException.class, e -> assertThat(e.status()).isBetween(400, 499));
    }

    @Test
    @Order(4)
    void refusesAClientCertificateFromAnotherCa() throws Exception {
        TestPki stranger = TestPki.create("someone-else");
        EngineClient intruder = EngineClient.connect(engine.address + ":" + TestEngine.PORT,
                stranger.issue("CN=intruder", List.of(), KeyPurposeId.id_kp_clientAuth), pki.rootPem());

        assertThatThrownBy(intruder::info)
                .isInstanceOfSatisfying(EngineApiException.class, e -> assertThat(e.status()).isZero())
                .hasMessageContaining("did not answer");
    }

    @Test
    @Order(5)
    void refusesAnEngineThatDoesNotChainToTheClusterRoot() throws Exception {
        TestPki other = TestPki.create("other-root");
        EngineClient wary = EngineClient.connect(engine.address + ":" + TestEngine.PORT,
                pki.issue("CN=caas-conductor", List.of(), KeyPurposeId.id_kp_clientAuth), other.rootPem());

        assertThatThrownBy(wary::info).isInstanceOf(EngineApiException.class).hasMessageContaining("did not answer");
    }
}
