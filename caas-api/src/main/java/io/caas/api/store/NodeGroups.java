package io.caas.api.store;

import io.caas.api.web.ApiException;
import io.caas.core.model.NodeGroup;
import java.util.Map;
import org.hibernate.Session;

/** Nodegroup queries, always within one cluster the caller already may see. */
public final class NodeGroups {
    public static final Map<String, String> SORT_KEYS = Map.ofEntries(Map.entry("id", "id"), Map.entry("uuid", "uuid"),
            Map.entry("name", "name"), Map.entry("role", "role"), Map.entry("node_count", "nodeCount"),
            Map.entry("created_at", "createdAt"), Map.entry("updated_at", "updatedAt"), Map.entry("status", "status"));

    private NodeGroups() {
    }

    public static NodeGroup find(Session session, String clusterUuid, String ident) {
        return Finder.find(session, NodeGroup.class, ident, "e.clusterId = :cluster", Map.of("cluster", clusterUuid),
                id -> ApiException.notFound("Nodegroup " + id + " could not be found."),
                "Multiple nodegroups exist with same name. Please use the nodegroup uuid instead.");
    }

    public static NodeGroup defaultWorker(Session session, String clusterUuid) {
        return session.createSelectionQuery("from NodeGroup n where n.clusterId = :cluster and n.isDefault = true"
                        + " and n.role <> 'master' order by n.id", NodeGroup.class)
                .setParameter("cluster", clusterUuid).setMaxResults(1).getResultStream().findFirst()
                .orElseThrow(() -> ApiException.notFound("Nodegroup default-worker could not be found."));
    }
}
