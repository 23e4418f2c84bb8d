package io.caas.api.v1;

import io.caas.api.web.Json;
import io.caas.core.model.ClusterAction;
import io.caas.core.model.ClusterEvent;
import io.caas.core.model.ClusterOperation;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox side of every 202: the operation row is written in the transaction that changes the cluster, and only
 * handed to the {@link OperationSink} after commit. A sink failure leaves it PENDING for the sweeper.
 */
final class Operations {
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private Operations() {
    }

    static ClusterOperation record(Session session, String clusterUuid, ClusterAction action, Map<String, Object> arguments,
                                   String requestId, Instant now) {
        ClusterOperation op = new ClusterOperation();
        op.uuid = UUID.randomUUID().toString();
        op.clusterId = clusterUuid;
        op.action = action.wireName();
        op.arguments = Json.write(arguments);
        op.requestId = requestId;
        op.state = ClusterOperation.State.PENDING;
        op.createdAt = now;
        op.updatedAt = now;
        session.persist(op);
        ClusterEvent event = new ClusterEvent();
        event.clusterId = clusterUuid;
        event.kind = op.action + "_accepted";
        event.message = "The API accepted a " + op.action + " request (" + Json.write(arguments) + ").";
        event.requestId = requestId;
        event.createdAt = now;
        session.persist(event);
        return op;
    }

    static void submit(OperationSink sink, ClusterOperation op) {
        try {
            sink.submit(op);
            LOG.info("event=operation_submitted operation={} cluster={} action={}", op.uuid, op.clusterId, op.action);
        } catch (Exception e) {
            LOG.warn("event=operation_submit_failed operation={} cluster={} action={} error={}"
                    + " next=the sweeper republishes PENDING operations", op.uuid, op.clusterId, op.action, e.toString());
        }
    }
}
