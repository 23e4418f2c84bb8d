package io.caas.api.store;

import io.caas.api.web.ApiException;
import io.caas.api.web.Caller;
import io.caas.core.model.Cluster;
import io.caas.core.model.NodeGroup;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/** Cluster queries, scoped to the caller's project unless the caller is an admin. */
public final class Clusters {
    public static final Map<String, String> SORT_KEYS = Map.ofEntries(Map.entry("id", "id"), Map.entry("uuid", "uuid"),
            Map.entry("name", "name"), Map.entry("status", "status"), Map.entry("node_count", "nodeCount"),
            Map.entry("master_count", "masterCount"), Map.entry("project_id", "projectId"),
            Map.entry("cluster_template_id", "clusterTemplateId"), Map.entry("created_at", "createdAt"),
            Map.entry("updated_at", "updatedAt"), Map.entry("health_status", "healthStatus"));

    /** What a cluster list item shows; selected as columns so that a thousand rows stay cheap. */
    public record Summary(Long id, String uuid, String name, String clusterTemplateId, String keypair,
                          Integer dockerVolumeSize, Map<String, String> labels, int nodeCount, int masterCount,
                          Object status, String masterFlavorId, String flavorId, Integer createTimeout,
                          String stackId, String healthStatus) {
    }

    private Clusters() {
    }

    public static Cluster find(Session session, String ident, Caller caller) {
        return Finder.find(session, Cluster.class, ident, caller.isAdmin() ? null : "e.projectId = :project",
                caller.isAdmin() ? Map.of() : Map.of("project", caller.projectId()),
                id -> ApiException.notFound("Cluster " + id + " could not be found."),
                "Multiple clusters exist with same name. Please use the cluster uuid instead.");
    }

    public static List<Summary> summaries(Session session, Caller caller, Page page) {
        String select = "select new io.caas.api.store.Clusters$Summary(e.id, e.uuid, e.name, e.clusterTemplateId,"
                + " e.keypair, e.dockerVolumeSize, e.labels, e.nodeCount, e.masterCount, e.status, e.masterFlavorId,"
                + " e.flavorId, e.createTimeout, e.stackId, e.healthStatus)";
        return caller.isAdmin()
                ? page.fetch(session, Summary.class, select, "Cluster", null, Map.of(), SORT_KEYS)
                : page.fetch(session, Summary.class, select, "Cluster", "e.projectId = :project",
                        Map.of("project", caller.projectId()), SORT_KEYS);
    }

    public static List<Cluster> details(Session session, Caller caller, Page page) {
        return caller.isAdmin()
                ? page.fetch(session, Cluster.class, "select e", "Cluster", null, Map.of(), SORT_KEYS)
                : page.fetch(session, Cluster.class, "select e", "Cluster", "e.projectId = :project",
                        Map.of("project", caller.projectId()), SORT_KEYS);
    }

    public static long countInProject(Session session, String projectId) {
        return session.createSelectionQuery("select count(c) from Cluster c where c.projectId = :project", Long.class)
                .setParameter("project", projectId).getSingleResult();
    }

    public static List<NodeGroup> nodegroups(Session session, String clusterUuid) {
        return session.createSelectionQuery("from NodeGroup n where n.clusterId = :cluster order by n.id", NodeGroup.class)
                .setParameter("cluster", clusterUuid).getResultList();
    }
}
