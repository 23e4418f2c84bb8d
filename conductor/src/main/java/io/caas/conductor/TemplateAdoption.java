package io.caas.conductor;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterTemplate;
import io.caas.core.model.NodeGroup;
import io.caas.core.persistence.Database;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a finished upgrade of the default nodegroups leaves on record: the cluster runs on the new template, and
 * its default nodegroups, flavors and labels say what the new hosts are, so a later resize builds the same. Labels
 * the tenant set on the cluster itself (those that differ from the old template's) are kept over the new template's.
 */
final class TemplateAdoption {
    private final Database database;

    TemplateAdoption(Database database) {
        this.database = database;
    }

    /** Moves the cluster to {@code target} when {@code nodegroupId} is a default nodegroup; false when it is not. */
    boolean adopt(LeasedClusterJob job, ClusterTemplate target, String nodegroupId) {
        boolean defaultGroup = job.nodegroups().stream().anyMatch(g -> g.uuid.equals(nodegroupId) && g.isDefault);
        if (!defaultGroup) {
            return false;
        }
        ClusterTemplate old = job.template();
        String masterFlavor = target.masterFlavorId != null ? target.masterFlavorId : target.flavorId;
        job.updateCluster(c -> {
            c.labels = labelsAfter(c.labels, old == null ? null : old.labels, target.labels);
            c.clusterTemplateId = target.uuid;
            c.flavorId = target.flavorId;
            c.masterFlavorId = masterFlavor;
        });
        database.execute(s -> {
            for (NodeGroup group : s.createQuery("from NodeGroup where clusterId = :c and isDefault = true", NodeGroup.class)
                    .setParameter("c", job.operation().clusterId).list()) {
                group.imageId = target.imageId;
                group.flavorId = "master".equals(group.role) ? masterFlavor : target.flavorId;
                group.updatedAt = Instant.now();
            }
        });
        return true;
    }

    static Map<String, String> labelsAfter(Map<String, String> cluster, Map<String, String> oldTemplate,
                                           Map<String, String> newTemplate) {
        Map<String, String> labels = new LinkedHashMap<>(newTemplate == null ? Map.of() : newTemplate);
        Map<String, String> inherited = oldTemplate == null ? Map.of() : oldTemplate;
        if (cluster != null) {
            cluster.forEach((key, value) -> {
                if (!Objects.equals(inherited.get(key), value)) {
                    labels.put(key, value);
                }
            });
        }
        return labels;
    }
}
