package io.caas.api.v1;

import io.caas.api.web.ApiException;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterStatus;
import io.caas.core.model.ClusterTemplate;
import java.util.Objects;
import java.util.Set;
import org.hibernate.Session;

/**
 * When a cluster may move to another template, in Magnum's words: not while it is being deleted or after its
 * creation failed (operations accepted meanwhile queue behind the running one, as resizes do), only to a template
 * the same driver serves (same coe, server_type and cluster_distro: hosts are replaced, not converted), and for the
 * default nodegroups not with a single manager, whose replacement would end its swarm.
 */
final class UpgradeRules {
    private static final Set<ClusterStatus> REFUSED = Set.of(ClusterStatus.CREATE_FAILED,
            ClusterStatus.DELETE_IN_PROGRESS, ClusterStatus.DELETE_FAILED, ClusterStatus.DELETE_COMPLETE);

    private UpgradeRules() {
    }

    static void check(Session session, Cluster cluster, ClusterTemplate target, boolean defaultNodegroup) {
        if (REFUSED.contains(cluster.status)) {
            throw ApiException.badRequest("Upgrading a cluster when status is \"" + cluster.status
                    + "\" is not supported.");
        }
        ClusterTemplate current = session.createSelectionQuery("from ClusterTemplate t where t.uuid = :u", ClusterTemplate.class)
                .setParameter("u", cluster.clusterTemplateId).getSingleResultOrNull();
        if (current == null) {
            return;
        }
        if (!Objects.equals(current.coe, target.coe) || !Objects.equals(current.serverType, target.serverType)
                || !Objects.equals(current.clusterDistro, target.clusterDistro)) {
            throw invalid("template " + target.name + " is a " + describe(target) + " template but cluster "
                    + cluster.name + " runs " + describe(current) + "; pick a template of the same kind");
        }
        if (defaultNodegroup && cluster.masterCount < 2) {
            throw invalid("cluster " + cluster.name + " has one manager, which cannot be replaced without losing its"
                    + " swarm; create a new cluster from template " + target.name + " instead");
        }
    }

    private static String describe(ClusterTemplate t) {
        return t.coe + "/" + t.serverType + "/" + t.clusterDistro;
    }

    private static ApiException invalid(String reason) {
        return ApiException.conflict("Cluster Template is not valid for upgrade: " + reason + ".");
    }
}
