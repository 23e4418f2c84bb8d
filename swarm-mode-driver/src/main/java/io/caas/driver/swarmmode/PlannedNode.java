package io.caas.driver.swarmmode;

/** A node the cluster should have: its name, swarm role, nodegroup, and whether it is the one that inits the swarm. */
record PlannedNode(String name, String role, String nodegroupId, String image, String flavor, boolean initializesSwarm) {
    boolean isManager() {
        return SwarmRoles.MANAGER.equals(role);
    }
}
