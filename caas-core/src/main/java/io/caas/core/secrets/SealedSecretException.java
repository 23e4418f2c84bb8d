package io.caas.core.secrets;

/** A sealed secret that cannot be opened: tampered with, truncated, or sealed under another master key. */
public final class SealedSecretException extends RuntimeException {
    SealedSecretException(String message) {
        super(message);
    }

    SealedSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
