package io.caas.api.v1;

import io.caas.api.store.Clusters;
import io.caas.api.web.ApiException;
import io.caas.api.web.Call;
import io.caas.api.web.Caller;
import io.caas.api.web.Json;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterEvent;
import io.caas.core.model.ClusterNode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * caas's extension beside Magnum's contract, which Magnum clients never call: how far each node of a cluster got
 * ({id}/nodes) and what happened to it, newest first ({id}/events).
 */
final class ClusterProgress {
    private final ApiContext context;
    private final String ident;

    ClusterProgress(ApiContext context, String ident) {
        this.context = context;
        this.ident = ident;
    }

    Response nodes(ContainerRequestContext request) {
        Listing.allowOnly(request, Set.of());
        Caller caller = Call.of(request).caller();
        List<Map<String, Object>> nodes = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, ident, caller);
            context.authorizer().enforce("cluster:get", caller, cluster.projectId, cluster.userId);
            return session.createSelectionQuery("from ClusterNode n where n.clusterId = :c order by n.id", ClusterNode.class)
                    .setParameter("c", cluster.uuid).getResultList().stream().map(ClusterProgress::node).toList();
        });
        return Json.ok(Map.of("nodes", nodes));
    }

    private static Map<String, Object> node(ClusterNode n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", n.uuid);
        m.put("name", n.name);
        m.put("role", n.role);
        m.put("nodegroup_id", n.nodegroupId);
        m.put("address", n.address);
        m.put("state", n.state);
        m.put("message", n.message);
        m.put("health_status", n.healthStatus);
        m.put("health_reason", n.healthReason);
        m.put("unhealthy_since", n.unhealthySince == null ? null : Views.timestamp(n.unhealthySince));
        m.put("created_at", Views.timestamp(n.createdAt));
        m.put("updated_at", Views.timestamp(n.updatedAt));
        return m;
    }

    /**
     * Newest first; a page ends with a "next" link whose marker is the last event's id, and the next page holds the
     * events older than it. Only the cluster's owner (its project) or an admin reads them: events name nodes,
     * addresses and failures.
     */
    Response events(ContainerRequestContext request) {
        Listing.allowOnly(request, Set.of("limit", "marker"));
        Call call = Call.of(request);
        Caller caller = call.caller();
        int limit = Listing.page(request, context.maxLimit(), false).limit();
        Long marker = eventMarker(Listing.query(request, "marker"));
        Map<String, Object> body = context.database().transaction(session -> {
            Cluster cluster = Clusters.find(session, ident, caller);
            context.authorizer().enforce("cluster:events", caller, cluster.projectId, cluster.userId);
            var query = session.createSelectionQuery("from ClusterEvent e where e.clusterId = :c and e.id < :marker"
                    + " order by e.id desc", ClusterEvent.class).setParameter("c", cluster.uuid)
                    .setParameter("marker", marker == null ? Long.MAX_VALUE : marker);
            List<ClusterEvent> page = query.setMaxResults(limit).getResultList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("events", page.stream().map(ClusterProgress::event).toList());
            if (page.size() == limit) {
                m.put("next", call.baseUrl() + "/v1/clusters/" + cluster.uuid + "/events?limit=" + limit + "&marker="
                        + page.get(page.size() - 1).id);
            }
            return m;
        });
        return Json.ok(body);
    }

    private static Long eventMarker(String marker) {
        if (marker == null) {
            return null;
        }
        try {
            return Long.parseLong(marker.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("The marker " + marker + " is not an event id; use the id of the last event"
                    + " of the previous page, or the next link");
        }
    }

    private static Map<String, Object> event(ClusterEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id);
        m.put("kind", e.kind);
        m.put("message", e.message);
        m.put("request_id", e.requestId);
        m.put("created_at", Views.timestamp(e.createdAt));
        return m;
    }
}
