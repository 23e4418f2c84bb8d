package io.caas.core.rpc;

/**
 * What travels from the API to a conductor: only the operation's uuid (its details live in cluster_operation,
 * the transactional outbox) and the request id that accepted it, so the conductor's logs can be joined to the
 * API's.
 */
public record OperationMessage(String operationUuid, String requestId) {
    public OperationMessage {
        if (operationUuid == null || operationUuid.isBlank()) {
            throw new IllegalArgumentException("An operation message needs the operation's uuid");
        }
    }
}
