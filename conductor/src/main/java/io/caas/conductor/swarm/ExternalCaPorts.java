package io.caas.conductor.swarm;

import io.caas.core.config.CaasConfig;
import io.caas.core.persistence.Database;
import jakarta.persistence.PersistenceException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives each cluster its own external CA port from [external_ca] port_range (nodes dial the CA by IP, and a Go
 * client sends no SNI to an IP, so the port is what tells clusters apart). The unique index on
 * cluster.external_ca_port settles two conductors picking the same port at once.
 */
final class ExternalCaPorts {
    private static final int ATTEMPTS = 20;

    private final Database database;
    private final int first;
    private final int last;

    ExternalCaPorts(Database database, CaasConfig config) {
        this.database = database;
        String[] range = config.get("external_ca", "port_range", "20000-29999").split("-");
        this.first = Integer.parseInt(range[0].strip());
        this.last = Integer.parseInt(range[1].strip());
        if (first < 1024 || last > 65535 || first > last) {
            throw new IllegalArgumentException("[external_ca] port_range must be LOW-HIGH within 1024-65535, not "
                    + config.get("external_ca", "port_range", ""));
        }
    }

    /** The cluster's port, allocating one on first use. */
    int portOf(String clusterId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Integer existing = database.transaction(s -> s.createQuery(
                    "select externalCaPort from Cluster where uuid = :u", Integer.class).setParameter("u", clusterId).uniqueResult());
            if (existing != null) {
                return existing;
            }
            int candidate = pickFree();
            try {
                database.execute(s -> s.createMutationQuery(
                                "update Cluster set externalCaPort = :p where uuid = :u and externalCaPort is null")
                        .setParameter("p", candidate).setParameter("u", clusterId).executeUpdate());
            } catch (PersistenceException taken) {
                // another cluster got this port between our read and our write: pick again
            }
        }
        throw new IllegalStateException("No free external CA port in " + first + "-" + last
                + " after " + ATTEMPTS + " tries; widen [external_ca] port_range");
    }

    private int pickFree() {
        Set<Integer> used = new HashSet<>(database.transaction(s -> s.createQuery(
                "select externalCaPort from Cluster where externalCaPort is not null", Integer.class).list()));
        if (used.size() > last - first) {
            throw new IllegalStateException("Every port of [external_ca] port_range " + first + "-" + last + " is in use");
        }
        while (true) {
            int candidate = ThreadLocalRandom.current().nextInt(first, last + 1);
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
    }
}
