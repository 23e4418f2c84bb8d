package io.caas.api.auth;

/** Keystone cannot be asked right now (down, or caas's own credentials are refused): HTTP 503. */
public final class IdentityUnavailableException extends Exception {
    public IdentityUnavailableException(String message) {
        super(message);
    }

    public IdentityUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
