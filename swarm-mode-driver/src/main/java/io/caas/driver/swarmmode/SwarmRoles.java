package io.caas.driver.swarmmode;

/** Node roles in swarm's words, as ClusterNode.role stores them, and the nodegroup roles they come from. */
public final class SwarmRoles {
    public static final String MANAGER = "manager";
    public static final String WORKER = "worker";

    private SwarmRoles() {
    }

    static String ofNodegroupRole(String nodegroupRole) {
        return "master".equals(nodegroupRole) ? MANAGER : WORKER;
    }
}
