package io.caas.api.testing;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterStatus;
import io.caas.core.persistence.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Finished clusters written straight to the database (no create operations), for tests that need many. */
public final class ClusterRows {
    private ClusterRows() {
    }

    /** Inserts {@code count} CREATE_COMPLETE clusters named c0, c1, ... in project "default"; returns their uuids. */
    public static List<String> insert(Database database, String templateUuid, int count) {
        List<String> uuids = new ArrayList<>(count);
        database.execute(s -> {
            for (int i = 0; i < count; i++) {
                Cluster c = new Cluster();
                c.uuid = UUID.randomUUID().toString();
                c.name = "c" + i;
                c.projectId = "default";
                c.clusterTemplateId = templateUuid;
                c.status = ClusterStatus.CREATE_COMPLETE;
                c.nodeCount = 3;
                c.masterCount = 1;
                c.labels = Map.of("a", "1");
                c.createTimeout = 60;
                s.persist(c);
                uuids.add(c.uuid);
            }
        });
        return uuids;
    }
}
