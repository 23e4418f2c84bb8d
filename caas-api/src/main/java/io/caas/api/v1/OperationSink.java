package io.caas.api.v1;

import io.caas.core.model.ClusterOperation;

/**
 * Where an accepted operation goes once its row is committed (the AMQP publisher). A failure here is logged and the
 * operation stays PENDING for the sweeper to republish; the client still gets its 202.
 */
@FunctionalInterface
public interface OperationSink {
    void submit(ClusterOperation operation) throws Exception;
}
