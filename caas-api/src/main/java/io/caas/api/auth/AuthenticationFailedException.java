package io.caas.api.auth;

/** The request carries no token, or one Keystone does not accept: HTTP 401. */
public final class AuthenticationFailedException extends Exception {
    public AuthenticationFailedException(String reason) {
        super(reason);
    }
}
