package io.caas.api.testing;

import io.caas.api.v1.OperationSink;
import io.caas.core.model.ClusterOperation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the API submitted; can be told to fail like a broker that is down. */
public final class RecordingSink implements OperationSink {
    public final List<ClusterOperation> submitted = new CopyOnWriteArrayList<>();
    public volatile boolean brokerDown;

    @Override
    public void submit(ClusterOperation operation) {
        if (brokerDown) {
            throw new IllegalStateException("broker unreachable");
        }
        submitted.add(operation);
    }
}
