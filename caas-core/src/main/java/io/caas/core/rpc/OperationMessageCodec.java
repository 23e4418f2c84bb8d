package io.caas.core.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The wire form: {@code {"operation":"<uuid>","request_id":"req-..."}} in UTF-8 JSON. */
final class OperationMessageCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OperationMessageCodec() {
    }

    static byte[] encode(OperationMessage message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("operation", message.operationUuid());
        if (message.requestId() != null) {
            node.put("request_id", message.requestId());
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise an operation message", e);
        }
    }

    /** @throws MalformedMessageException when the body is not an operation message (a poison message) */
    static OperationMessage decode(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new MalformedMessageException("not JSON: " + reason);
        }
        if (node == null || !node.path("operation").isTextual() || node.path("operation").asText().isBlank()) {
            throw new MalformedMessageException("no \"operation\" uuid in "
                    + abbreviate(new String(body, StandardCharsets.UTF_8)));
        }
        JsonNode requestId = node.path("request_id");
        return new OperationMessage(node.get("operation").asText(), requestId.isTextual() ? requestId.asText() : null);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    static final class MalformedMessageException extends RuntimeException {
        MalformedMessageException(String message) {
            super(message);
        }
    }
}
