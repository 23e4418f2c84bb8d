package io.caas.core.rpc;

/**
 * The broker did not confirm an operation message. The caller must leave the operation PENDING in
 * cluster_operation: the sweeper republishes it once the broker is back.
 */
public class PublishFailedException extends Exception {
    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
