package io.caas.api.store;

import io.caas.api.web.ApiException;
import io.caas.api.web.Caller;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.model.NodeGroup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.sql.ResultSet;
import java.util.ArrayList;
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

    /**
     * What a cluster list item shows. Labels stay the JSON text the column holds (a string map caas wrote), so a
     * thousand rows are neither parsed nor re-encoded.
     */
    public record Summary(long id, String uuid, String name, String clusterTemplateId, String keypair,
                          Integer dockerVolumeSize, String labelsJson, int nodeCount, int masterCount, String status,
                          String masterFlavorId, String flavorId, Integer createTimeout, String stackId,
                          String healthStatus) {
    }

    private Clusters() {
    }

    public static Cluster find(Session session, String ident, Caller caller) {
        return Finder.find(session, Cluster.class, ident, caller.isAdmin() ? null : "e.projectId = :project",
                caller.isAdmin() ? Map.of() : Map.of("project", caller.projectId()),
                id -> ApiException.notFound("Cluster " + id + " could not be found."),
                "Multiple clusters exist with same name. Please use the cluster uuid instead.");
    }

    /** One page of list items, read with plain JDBC: the column names are the API's sort keys. */
    public static List<Summary> summaries(Connection connection, Caller caller, Page page) throws SQLException {
        if (!SORT_KEYS.containsKey(page.sortKey())) {
            throw ApiException.badRequest("The sort_key value \"" + page.sortKey() + "\" is an invalid field for sorting");
        }
        String column = page.sortKey();
        String cmp = page.sortDir().equals("desc") ? "<" : ">";
        StringBuilder sql = new StringBuilder("SELECT id, uuid, name, cluster_template_id, keypair, docker_volume_size,"
                + " labels, node_count, master_count, status, master_flavor_id, flavor_id, create_timeout, stack_id,"
                + " health_status FROM cluster WHERE 1=1");
        List<Object> parameters = new ArrayList<>();
        if (!caller.isAdmin()) {
            sql.append(" AND project_id = ?");
            parameters.add(caller.projectId());
        }
        if (page.markerId() != null) {
            if (column.equals("id")) {
                sql.append(" AND id ").append(cmp).append(" ?");
                parameters.add(page.markerId());
            } else if (page.markerKey() == null) {
                sql.append(" AND (").append(column).append(" IS NOT NULL OR id ").append(cmp).append(" ?)");
                parameters.add(page.markerId());
            } else {
                sql.append(" AND (").append(column).append(' ').append(cmp).append(" ? OR (").append(column)
                        .append(" = ? AND id ").append(cmp).append(" ?))");
                Object key = page.markerKey() instanceof Enum<?> e ? e.name() : page.markerKey();
                parameters.add(key);
                parameters.add(key);
                parameters.add(page.markerId());
            }
        }
        sql.append(" ORDER BY ").append(column).append(' ').append(page.sortDir());
        if (!column.equals("id")) {
            sql.append(", id ").append(page.sortDir());
        }
        sql.append(" LIMIT ").append(page.limit());
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                Object p = parameters.get(i);
                statement.setObject(i + 1, p instanceof Instant t ? Timestamp.from(t) : p);
            }
            List<Summary> rows = new ArrayList<>(page.limit());
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    rows.add(new Summary(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getObject(6, Integer.class), r.getString(7), r.getInt(8),
                            r.getInt(9), r.getString(10), r.getString(11), r.getString(12),
                            r.getObject(13, Integer.class), r.getString(14), r.getString(15)));
                }
            }
            return rows;
        }
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

    /** The cluster's nodes that failed (their message says what failed, e.g. the provider's reason). */
    public static List<ClusterNode> failedNodes(Session session, String clusterUuid) {
        return session.createSelectionQuery("from ClusterNode n where n.clusterId = :cluster and n.state = 'FAILED'"
                + " order by n.name", ClusterNode.class).setParameter("cluster", clusterUuid).getResultList();
    }
}
