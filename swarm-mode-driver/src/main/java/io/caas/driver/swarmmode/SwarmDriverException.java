package io.caas.driver.swarmmode;

/** An operation on a swarm-mode cluster failed; the message names the node and the step, for status_reason. */
public class SwarmDriverException extends Exception {
    public SwarmDriverException(String message) {
        super(message);
    }

    public SwarmDriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
