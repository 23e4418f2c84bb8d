package io.caas.core.spi;

/** A provider could not do what was asked; the message names the host and the step, for status_reason. */
public class ProviderException extends Exception {
    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
