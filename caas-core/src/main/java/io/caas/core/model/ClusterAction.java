package io.caas.core.model;

/** What a cluster operation does, and the statuses it moves the cluster through. */
public enum ClusterAction {
    CREATE(ClusterStatus.CREATE_IN_PROGRESS, ClusterStatus.CREATE_COMPLETE, ClusterStatus.CREATE_FAILED),
    UPDATE(ClusterStatus.UPDATE_IN_PROGRESS, ClusterStatus.UPDATE_COMPLETE, ClusterStatus.UPDATE_FAILED),
    RESIZE(ClusterStatus.UPDATE_IN_PROGRESS, ClusterStatus.UPDATE_COMPLETE, ClusterStatus.UPDATE_FAILED),
    UPGRADE(ClusterStatus.UPDATE_IN_PROGRESS, ClusterStatus.UPDATE_COMPLETE, ClusterStatus.UPDATE_FAILED),
    /** Replaces nodes that stayed unhealthy past [health] auto_heal_grace; recorded by a conductor, not the API. */
    HEAL(ClusterStatus.UPDATE_IN_PROGRESS, ClusterStatus.UPDATE_COMPLETE, ClusterStatus.UPDATE_FAILED),
    ROTATE_CA(ClusterStatus.UPDATE_IN_PROGRESS, ClusterStatus.UPDATE_COMPLETE, ClusterStatus.UPDATE_FAILED),
    /** caas extension: a new swarm autolock unlock key, escrowed sealed. */
    ROTATE_UNLOCK_KEY(ClusterStatus.UPDATE_IN_PROGRESS, ClusterStatus.UPDATE_COMPLETE, ClusterStatus.UPDATE_FAILED),
    CREATE_NODEGROUP(ClusterStatus.UPDATE_IN_PROGRESS, ClusterStatus.UPDATE_COMPLETE, ClusterStatus.UPDATE_FAILED),
    UPDATE_NODEGROUP(ClusterStatus.UPDATE_IN_PROGRESS, ClusterStatus.UPDATE_COMPLETE, ClusterStatus.UPDATE_FAILED),
    DELETE_NODEGROUP(ClusterStatus.UPDATE_IN_PROGRESS, ClusterStatus.UPDATE_COMPLETE, ClusterStatus.UPDATE_FAILED),
    DELETE(ClusterStatus.DELETE_IN_PROGRESS, ClusterStatus.DELETE_COMPLETE, ClusterStatus.DELETE_FAILED);

    public final ClusterStatus inProgress;
    public final ClusterStatus complete;
    public final ClusterStatus failed;

    ClusterAction(ClusterStatus inProgress, ClusterStatus complete, ClusterStatus failed) {
        this.inProgress = inProgress;
        this.complete = complete;
        this.failed = failed;
    }

    /** The stored name of the action, as in cluster_operation.action. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The action stored as {@code action}; IllegalArgumentException for a name no caas version wrote. */
    public static ClusterAction fromWireName(String action) {
        return valueOf(action.toUpperCase(java.util.Locale.ROOT));
    }

    /** The nodegroup statuses of a nodegroup operation: CREATE_*, UPDATE_* or DELETE_*. */
    public String nodegroupStatus(String outcome) {
        String verb = this == CREATE_NODEGROUP ? "CREATE" : this == DELETE_NODEGROUP ? "DELETE" : "UPDATE";
        return verb + "_" + outcome;
    }
}
