package io.caas.conductor.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.core.secrets.ClusterSecretNames;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.driver.swarmmode.JoinTokens;
import io.caas.driver.swarmmode.NodeBootstrapProtocol;
import io.caas.driver.swarmmode.SwarmJoin;
import io.caas.driver.swarmmode.SwarmRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Join tokens, sealed in cluster_secret. Besides the tokens themselves it keeps, per role, the exact answer the
 * API's GET .../nodes/{node}/join gives a booting node, so the API serves them without knowing swarm.
 */
public final class SealedJoinTokens implements JoinTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKENS = "swarm/join";

    private final ClusterSecrets secrets;

    public SealedJoinTokens(ClusterSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public void save(String clusterUuid, SwarmJoin join) {
        secrets.put(clusterUuid, TOKENS, JSON.createObjectNode()
                .put("manager", join.managerToken()).put("worker", join.workerToken())
                .set("managers", JSON.valueToTree(join.managerAddresses())).toString());
        for (String role : List.of(SwarmRoles.MANAGER, SwarmRoles.WORKER)) {
            secrets.put(clusterUuid, ClusterSecretNames.joinReply(role), NodeBootstrapProtocol.joinReply(join, role));
        }
    }

    @Override
    public Optional<SwarmJoin> find(String clusterUuid) {
        return secrets.get(clusterUuid, TOKENS).map(text -> {
            try {
                JsonNode tokens = JSON.readTree(text);
                List<String> managers = new ArrayList<>();
                tokens.path("managers").forEach(m -> managers.add(m.asText()));
                return new SwarmJoin(tokens.path("manager").asText(), tokens.path("worker").asText(), managers);
            } catch (IOException e) {
                throw new UncheckedIOException("Join tokens of cluster " + clusterUuid + " do not parse", e);
            }
        });
    }

    @Override
    public void forget(String clusterUuid) {
        secrets.delete(clusterUuid, TOKENS);
        for (String role : List.of(SwarmRoles.MANAGER, SwarmRoles.WORKER)) {
            secrets.delete(clusterUuid, ClusterSecretNames.joinReply(role));
        }
    }
}
