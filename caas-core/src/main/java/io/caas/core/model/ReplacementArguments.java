package io.caas.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of the operations that replace nodes, as cluster_operation.arguments holds them: read the same way
 * by the conductor that runs the operation and by the driver that recovers it.
 */
public final class ReplacementArguments {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An upgrade: {"cluster_template": uuid, "max_batch_size": n, "nodegroup": uuid}. */
    public record Upgrade(String clusterTemplate, int maxBatchSize, String nodegroup) {
    }

    /** A heal: {"nodes": [name...], "reason": text}. */
    public record Heal(List<String> nodes, String reason) {
        /** The JSON a heal operation is recorded with. */
        public String toJson() {
            com.fasterxml.jackson.databind.node.ObjectNode args = JSON.createObjectNode().put("reason", reason);
            args.set("nodes", JSON.valueToTree(nodes));
            return args.toString();
        }
    }

    private ReplacementArguments() {
    }

    public static Upgrade upgrade(ClusterOperation op) {
        JsonNode args = read(op);
        return new Upgrade(args.path("cluster_template").asText(), Math.max(1, args.path("max_batch_size").asInt(1)),
                args.path("nodegroup").asText(null));
    }

    public static Heal heal(ClusterOperation op) {
        JsonNode args = read(op);
        List<String> nodes = new ArrayList<>();
        args.path("nodes").forEach(node -> nodes.add(node.asText()));
        return new Heal(List.copyOf(nodes), args.path("reason").asText("unhealthy"));
    }

    private static JsonNode read(ClusterOperation op) {
        try {
            return op.arguments == null ? JSON.createObjectNode() : JSON.readTree(op.arguments);
        } catch (IOException e) {
            throw new UncheckedIOException("Operation " + op.uuid + " has arguments that are not JSON", e);
        }
    }
}
