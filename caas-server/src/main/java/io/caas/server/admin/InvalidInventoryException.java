package io.caas.server.admin;

/** An inventory value that must not reach the HAProxy configuration; the message names the key and the fix. */
public final class InvalidInventoryException extends IllegalArgumentException {
    public InvalidInventoryException(String message) {
        super(message);
    }
}
