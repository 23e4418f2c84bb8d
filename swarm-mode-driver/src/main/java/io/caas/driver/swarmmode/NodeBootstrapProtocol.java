package io.caas.driver.swarmmode;

/**
 * The swarm-specific payload of the node calls swarm-node.sh makes: the answer to GET .../join. The progress body
 * is COE-neutral and read by {@link io.caas.core.node.NodeProgress}; engine-cert is plain PEM both ways.
 */
public final class NodeBootstrapProtocol {
    private NodeBootstrapProtocol() {
    }

    /** The text/plain answer to GET .../join for a node of {@code role}: its token and the first manager. */
    public static String joinReply(SwarmJoin join, String role) {
        return "token=" + join.tokenFor(role) + "\nmanager=" + join.managerAddresses().get(0) + "\n";
    }
}
