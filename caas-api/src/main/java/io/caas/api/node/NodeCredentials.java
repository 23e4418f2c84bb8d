package io.caas.api.node;

import io.caas.api.web.ApiException;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.persistence.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks a node's {@code Authorization: Bearer <token>}: the SHA-256 (hex) of the token must be the hash kept on
 * that node's row. Every failure is the same 401, so a caller learns nothing about which clusters or nodes exist.
 */
final class NodeCredentials {
    private static final String SCHEME = "bearer ";

    private final Database database;

    NodeCredentials(Database database) {
        this.database = database;
    }

    BootstrapNode authenticate(String clusterUuid, String nodeName, String authorization) {
        String token = bearerToken(authorization);
        BootstrapNode found = database.transaction(s -> {
            ClusterNode node = s.createSelectionQuery(
                            "from ClusterNode n where n.clusterId = :c and n.name = :n", ClusterNode.class)
                    .setParameter("c", clusterUuid).setParameter("n", nodeName).setMaxResults(1).getSingleResultOrNull();
            Cluster cluster = node == null ? null : s.createSelectionQuery("from Cluster c where c.uuid = :u", Cluster.class)
                    .setParameter("u", clusterUuid).getSingleResultOrNull();
            return cluster == null ? null : new BootstrapNode(cluster, node);
        });
        byte[] presented = sha256Hex(token).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = found == null || found.node().bootstrapTokenHash == null ? new byte[0]
                : found.node().bootstrapTokenHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        // constant time: how much of a guess matched must not show in the answer's timing
        if (!MessageDigest.isEqual(presented, expected)) {
            throw unauthenticated();
        }
        return found;
    }

    static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(SCHEME)
                || authorization.substring(SCHEME.length()).isBlank()) {
            throw unauthenticated();
        }
        return authorization.substring(SCHEME.length()).strip();
    }

    private static ApiException unauthenticated() {
        return new ApiException(401, "The request you have made requires authentication. Send the node's bootstrap "
                + "token as 'Authorization: Bearer <token>'.");
    }
}
