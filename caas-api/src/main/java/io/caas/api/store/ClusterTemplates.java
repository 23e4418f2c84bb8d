package io.caas.api.store;

import io.caas.api.web.ApiException;
import io.caas.api.web.Caller;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterTemplate;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/** Cluster template queries: a tenant sees its own templates and public ones; an admin sees all. */
public final class ClusterTemplates {
    public static final Map<String, String> SORT_KEYS = Map.ofEntries(Map.entry("id", "id"), Map.entry("uuid", "uuid"),
            Map.entry("name", "name"), Map.entry("coe", "coe"), Map.entry("image_id", "imageId"),
            Map.entry("project_id", "projectId"), Map.entry("created_at", "createdAt"),
            Map.entry("updated_at", "updatedAt"), Map.entry("public", "isPublic"), Map.entry("hidden", "hidden"));

    private ClusterTemplates() {
    }

    public static ClusterTemplate find(Session session, String ident, Caller caller) {
        return Finder.find(session, ClusterTemplate.class, ident,
                caller.isAdmin() ? null : "e.projectId = :project or e.isPublic = true",
                caller.isAdmin() ? Map.of() : Map.of("project", caller.projectId()),
                id -> ApiException.notFound("ClusterTemplate " + id + " could not be found."),
                "Multiple ClusterTemplates exist with same name. Please use the ClusterTemplate uuid instead.");
    }

    public static List<ClusterTemplate> list(Session session, Caller caller, Page page) {
        if (caller.isAdmin()) {
            return page.fetch(session, ClusterTemplate.class, "select e", "ClusterTemplate", null, Map.of(), SORT_KEYS);
        }
        return page.fetch(session, ClusterTemplate.class, "select e", "ClusterTemplate",
                "(e.projectId = :project or (e.isPublic = true and e.hidden = false))",
                Map.of("project", caller.projectId()), SORT_KEYS);
    }

    public static boolean referenced(Session session, String templateUuid) {
        return session.createSelectionQuery("select count(c) from Cluster c where c.clusterTemplateId = :uuid", Long.class)
                .setParameter("uuid", templateUuid).getSingleResult() > 0;
    }

    /** The labels of the templates of these clusters, one query, for the labels_* diffs of a detailed list. */
    public static Map<String, Map<String, String>> labelsOf(Session session, List<Cluster> clusters) {
        List<String> uuids = clusters.stream().map(c -> c.clusterTemplateId).distinct().toList();
        if (uuids.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, String>> labels = new java.util.HashMap<>();
        session.createSelectionQuery("from ClusterTemplate t where t.uuid in :uuids", ClusterTemplate.class)
                .setParameter("uuids", uuids).getResultList()
                .forEach(t -> labels.put(t.uuid, t.labels == null ? Map.of() : t.labels));
        return labels;
    }
}
