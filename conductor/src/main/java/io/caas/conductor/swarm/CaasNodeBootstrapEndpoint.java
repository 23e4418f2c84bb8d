package io.caas.conductor.swarm;

import io.caas.conductor.ProviderRegistry;
import io.caas.core.config.CaasConfig;
import io.caas.core.persistence.Database;
import io.caas.core.spi.ProviderException;
import io.caas.driver.swarmmode.NodeBootstrapEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The caas API as booting nodes reach it. [api] node_url wins when set (a cloud: the controllers' public
 * address); otherwise http://&lt;the provider's control-plane address&gt;:[api] port. Each node gets its own bearer
 * token; only its SHA-256 is stored, on the node's row.
 */
public final class CaasNodeBootstrapEndpoint implements NodeBootstrapEndpoint {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final ProviderRegistry providers;
    private final String configuredUrl;
    private final int apiPort;

    public CaasNodeBootstrapEndpoint(Database database, ProviderRegistry providers, CaasConfig config) {
        this.database = database;
        this.providers = providers;
        this.configuredUrl = config.get("api", "node_url", null);
        this.apiPort = config.getInt("api", "port", 9511);
    }

    @Override
    public String baseUrl(String clusterUuid) {
        if (configuredUrl != null) {
            return configuredUrl;
        }
        String providerName = database.transaction(s -> s.createQuery(
                "select provider from Cluster where uuid = :u", String.class).setParameter("u", clusterUuid).uniqueResult());
        try {
            return "http://" + providers.named(providerName).orElseThrow().controlPlaneAddress(clusterUuid) + ":" + apiPort;
        } catch (ProviderException e) {
            throw new IllegalStateException("Cannot find where the hosts of cluster " + clusterUuid + " reach caas: "
                    + e.getMessage() + "; set [api] node_url", e);
        }
    }

    @Override
    public String caCertificate(String clusterUuid) {
        return "";
    }

    @Override
    public String issueNodeToken(String clusterUuid, String nodeName) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String hash = sha256Hex(token);
        int updated = database.transaction(s -> s.createMutationQuery(
                        "update ClusterNode set bootstrapTokenHash = :h where clusterId = :c and name = :n")
                .setParameter("h", hash).setParameter("c", clusterUuid).setParameter("n", nodeName).executeUpdate());
        if (updated != 1) {
            throw new IllegalStateException("No node row " + nodeName + " in cluster " + clusterUuid
                    + " to issue a bootstrap token for");
        }
        return token;
    }

    /** The stored form of a bootstrap token; the API hashes what a node presents the same way. */
    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
