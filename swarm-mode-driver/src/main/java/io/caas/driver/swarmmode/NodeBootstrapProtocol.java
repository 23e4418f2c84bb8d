package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * The payloads of the node calls swarm-node.sh makes, kept beside the script that speaks them, so that caas-api
 * only routes and authenticates: POST .../progress and GET .../join (engine-cert is plain PEM both ways).
 */
public final class NodeBootstrapProtocol {
    /** What a node may say about itself; READY is the conductor's word, from swarm, never the node's. */
    public static final Set<String> NODE_STATES = Set.of("BOOTING", "ENGINE_UP", "JOINING", "FAILED");
    private static final int MAX_MESSAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeBootstrapProtocol() {
    }

    public record Progress(String state, String message) {
    }

    /** Reads a progress body; IllegalArgumentException (answer 400) for anything but a known state and a message. */
    public static Progress progress(String body) {
        JsonNode report;
        try {
            report = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Progress body is not JSON: " + e.getMessage());
        }
        String state = report == null ? "" : report.path("state").asText("");
        if (!NODE_STATES.contains(state)) {
            throw new IllegalArgumentException("Progress state must be one of " + NODE_STATES + ", not '" + state + "'");
        }
        String message = report.path("message").asText("");
        return new Progress(state, message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
    }

    /** The text/plain answer to GET .../join for a node of {@code role}: its token and the first manager. */
    public static String joinReply(SwarmJoin join, String role) {
        return "token=" + join.tokenFor(role) + "\nmanager=" + join.managerAddresses().get(0) + "\n";
    }
}
