package io.caas.conductor;

import io.caas.core.model.Cluster;
import io.caas.core.persistence.Database;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.time.Instant;
import org.hibernate.StaleStateException;

/**
 * Who may act on a cluster. A lease is won in a versioned update of the cluster row, so of two conductors
 * racing for the same cluster exactly one wins; a dead conductor's lease simply runs out.
 */
final class ClusterLeases {
    private final Database database;
    private final String owner;
    private final Duration leaseTime;

    ClusterLeases(Database database, String owner, Duration leaseTime) {
        this.database = database;
        this.owner = owner;
        this.leaseTime = leaseTime;
    }

    /** Takes the lease when it is free, expired or already ours; false when another live conductor holds it. */
    boolean acquire(String clusterId) {
        return update(clusterId, true);
    }

    /** Extends our lease; false when we lost it (it ran out and someone else took it). */
    boolean renew(String clusterId) {
        // a conflict here is usually the API writing the row (a status change), not a rival: read again
        for (int attempt = 0; attempt < 3; attempt++) {
            Boolean held = tryUpdate(clusterId, false);
            if (held != null) {
                return held;
            }
        }
        return false;
    }

    void release(String clusterId) {
        try {
            database.execute(session -> {
                Cluster c = find(session, clusterId);
                if (c != null && owner.equals(c.conductor)) {
                    c.conductor = null;
                    c.leaseUntil = null;
                }
            });
        } catch (OptimisticLockException | StaleStateException e) {
            // someone wrote the row meanwhile; the lease runs out by itself
        }
    }

    /** True when nobody holds a live lease on the cluster: a dead conductor's work is waiting to be recovered. */
    boolean isAbandoned(Cluster cluster, Instant now) {
        return cluster.conductor == null || cluster.leaseUntil == null || cluster.leaseUntil.isBefore(now);
    }

    private boolean update(String clusterId, boolean mayTakeOver) {
        Boolean won = tryUpdate(clusterId, mayTakeOver);
        return won != null && won;
    }

    /** The outcome, or null when a concurrent write got in between. */
    private Boolean tryUpdate(String clusterId, boolean mayTakeOver) {
        try {
            return database.transaction(session -> {
                Cluster c = find(session, clusterId);
                if (c == null) {
                    return false;
                }
                Instant now = Instant.now();
                boolean ours = owner.equals(c.conductor);
                if (!ours && !(mayTakeOver && isAbandoned(c, now))) {
                    return false;
                }
                c.conductor = owner;
                c.leaseUntil = now.plus(leaseTime);
                return true;
            });
        } catch (OptimisticLockException | StaleStateException e) {
            return null;
        }
    }

    private static Cluster find(org.hibernate.Session session, String clusterId) {
        return session.createQuery("from Cluster where uuid = :u", Cluster.class)
                .setParameter("u", clusterId).uniqueResult();
    }
}
