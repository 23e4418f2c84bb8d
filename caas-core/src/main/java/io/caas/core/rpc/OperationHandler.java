package io.caas.core.rpc;

/**
 * Does the work an operation message asks for. Returning normally acknowledges the message. The handler owns
 * the operation's outcome: a failed cluster operation is recorded as FAILED and the handler returns normally.
 * Throwing means the outcome could not even be recorded (the database is away, a bug); see
 * {@link OperationConsumer} for what happens to the message then. Messages can arrive more than once (a
 * conductor dies before acking, the sweeper republishes), so handling must be idempotent.
 */
@FunctionalInterface
public interface OperationHandler {
    void handle(OperationMessage message) throws Exception;
}
