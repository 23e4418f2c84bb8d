package io.caas.core.secrets;

/** The names under which the conductor leaves per-cluster values in {@link ClusterSecrets} for the API to read. */
public final class ClusterSecretNames {
    /** The address this cluster's nodes dial the external CA at: the SAN of its endpoint certificate. */
    public static final String EXTERNAL_CA_ENDPOINT_HOST = "external_ca/endpoint_host";
    /** Swarm's internal root, trusted for the leader's certificate only until swarm has rotated to the cluster root. */
    public static final String SWARM_INTERNAL_ROOT = "swarm/internal_root";
    /** The swarm's current autolock unlock key (its owner reads it through the API). */
    public static final String UNLOCK_KEY = "swarm/unlock_key";
    /** The unlock key before the last rotation: a manager that was down during the rotation still needs it. */
    public static final String PREVIOUS_UNLOCK_KEY = "swarm/unlock_key_previous";

    private ClusterSecretNames() {
    }

    /** The exact answer GET .../nodes/{node}/join gives a booting node of {@code role} (manager or worker). */
    public static String joinReply(String role) {
        return "join/" + role;
    }
}
