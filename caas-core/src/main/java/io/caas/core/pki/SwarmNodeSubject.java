package io.caas.core.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The subject swarm asks for a node certificate: CN = node id, O = swarm cluster id, OU = swarm-manager or
 * swarm-worker. Swarm reads the node's role from the OU, so whoever builds this decides the role.
 */
public record SwarmNodeSubject(String nodeId, String swarmClusterId, String organizationalUnit) {
    public static final String MANAGER_UNIT = "swarm-manager";
    public static final String WORKER_UNIT = "swarm-worker";

    public SwarmNodeSubject {
        requireText(nodeId, "CN (node id)");
        requireText(swarmClusterId, "O (swarm cluster id)");
        if (!MANAGER_UNIT.equals(organizationalUnit) && !WORKER_UNIT.equals(organizationalUnit)) {
            throw new IllegalArgumentException("OU must be " + MANAGER_UNIT + " or " + WORKER_UNIT + ", not '"
                    + organizationalUnit + "'");
        }
    }

    /** In Go's order (O, OU, CN), so the certificate reads exactly like one swarm's own CA would issue. */
    X500Name toX500Name() {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, swarmClusterId)
                .addRDN(BCStyle.OU, organizationalUnit)
                .addRDN(BCStyle.CN, nodeId)
                .build();
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Swarm node subject needs a " + what);
        }
    }
}
