package io.caas.conductor;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterOperation;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.persistence.Database;
import java.time.Instant;
import java.util.UUID;

/** Rows as the API writes them when it accepts an operation. */
final class Fixtures {
    private Fixtures() {
    }

    static ClusterTemplate template(Database db, String distro) {
        ClusterTemplate t = new ClusterTemplate();
        t.uuid = UUID.randomUUID().toString();
        t.name = "tpl";
        t.coe = "swarm-mode";
        t.serverType = "vm";
        t.clusterDistro = distro;
        t.imageId = "img";
        t.createdAt = Instant.now();
        db.execute(s -> { s.persist(t); });
        return t;
    }

    static Cluster cluster(Database db, ClusterTemplate t, ClusterStatus status) {
        Cluster c = new Cluster();
        c.uuid = UUID.randomUUID().toString();
        c.name = "c1";
        c.clusterTemplateId = t.uuid;
        c.status = status;
        c.masterCount = 1;
        c.nodeCount = 1;
        c.provider = "test";
        c.createTimeout = 60;
        c.createdAt = Instant.now();
        db.execute(s -> { s.persist(c); });
        return c;
    }

    static ClusterOperation operation(Database db, Cluster c, String action, String arguments) {
        ClusterOperation op = new ClusterOperation();
        op.uuid = UUID.randomUUID().toString();
        op.clusterId = c.uuid;
        op.action = action;
        op.arguments = arguments;
        op.requestId = "req-" + UUID.randomUUID();
        op.state = ClusterOperation.State.PENDING;
        op.createdAt = Instant.now();
        op.updatedAt = op.createdAt;
        db.execute(s -> { s.persist(op); });
        return op;
    }

    static NodeGroup nodegroup(Database db, Cluster c, String name, int nodeCount) {
        NodeGroup ng = new NodeGroup();
        ng.uuid = UUID.randomUUID().toString();
        ng.name = name;
        ng.clusterId = c.uuid;
        ng.role = "worker";
        ng.nodeCount = nodeCount;
        ng.status = ClusterStatus.CREATE_IN_PROGRESS.name();
        ng.createdAt = Instant.now();
        db.execute(s -> { s.persist(ng); });
        return ng;
    }

    static Cluster reload(Database db, String uuid) {
        return db.transaction(s -> LeasedClusterJob.findCluster(s, uuid));
    }

    static ClusterOperation reloadOp(Database db, String uuid) {
        return db.transaction(s -> s.createQuery("from ClusterOperation where uuid = :u", ClusterOperation.class)
                .setParameter("u", uuid).uniqueResult());
    }
}
