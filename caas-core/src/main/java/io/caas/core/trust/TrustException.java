package io.caas.core.trust;

/**
 * Keystone did not make, use or remove a trust. {@link #callerRefused} tells a refusal of the calling user's own
 * token or roles (the caller can fix it) from Keystone being unreachable or refusing caas's trustee-domain admin
 * (the operator must fix it).
 */
public final class TrustException extends Exception {
    private final boolean callerRefused;

    TrustException(String message, boolean callerRefused) {
        super(message);
        this.callerRefused = callerRefused;
    }

    TrustException(String message, Throwable cause) {
        super(message, cause);
        this.callerRefused = false;
    }

    public boolean callerRefused() {
        return callerRefused;
    }
}
