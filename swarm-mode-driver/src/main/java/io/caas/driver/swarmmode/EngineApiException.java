package io.caas.driver.swarmmode;

/** The Docker Engine API answered an error, or could not be reached; the message says which engine and call. */
public class EngineApiException extends Exception {
    private final int status;

    public EngineApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public EngineApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when the engine did not answer at all. */
    public int status() {
        return status;
    }
}
