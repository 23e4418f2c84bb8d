package io.caas.core.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/**
 * What a bootstrapping node reports about itself ({@code POST .../nodes/{node}/progress}): one of the states a
 * node may claim and a message, as any COE's boot script sends them. Read by caas-api, spoken by the drivers.
 */
public record NodeProgress(String state, String message) {
    /** What a node may say about itself; READY is the conductor's word, from the COE, never the node's. */
    public static final Set<String> NODE_STATES = Set.of("BOOTING", "ENGINE_UP", "JOINING", "FAILED");
    public static final int MAX_MESSAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a progress body; IllegalArgumentException (answer 400) for anything but a known state and a message. */
    public static NodeProgress parse(String body) {
        JsonNode report;
        try {
            report = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Progress body is not JSON: " + e.getOriginalMessage());
        }
        String state = report == null || !report.isObject() ? "" : report.path("state").asText("");
        if (!NODE_STATES.contains(state)) {
            throw new IllegalArgumentException("Progress state must be one of " + NODE_STATES.stream().sorted().toList()
                    + ", not '" + state + "'");
        }
        String message = report.path("message").asText("");
        return new NodeProgress(state, message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
    }
}
