package io.caas.conductor.health;

import io.caas.core.model.ClusterHealthCheck;
import io.caas.core.model.ClusterStatus;
import io.caas.core.persistence.Database;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Shares health checks among conductors: a cluster is checked by whichever conductor first claims it once its
 * next check is due, in a conditional update of its cluster_health_check row (or the row's first insert, which
 * the primary key lets only one conductor make). So every cluster is checked once per interval, whatever the
 * number of conductors, and a dead conductor's clusters are simply claimed by another at their next due time.
 * While a check runs its claim reaches {@link #CHECK_LEASE} further, so a slow check (dead hosts time out) never
 * has a second one beside it; when it ends, the next is due one interval after it started.
 */
final class HealthClaims {
    /**
     * Statuses in which no operation runs and the hosts are meant to be there. A failed update leaves a usable
     * cluster, so it is checked too; a failed create or delete does not.
     */
    static final List<ClusterStatus> CHECKED = Arrays.stream(ClusterStatus.values())
            .filter(s -> !s.inProgress())
            .filter(s -> s != ClusterStatus.CREATE_FAILED && s != ClusterStatus.DELETE_FAILED
                    && s != ClusterStatus.DELETE_COMPLETE)
            .toList();

    static final Duration CHECK_LEASE = Duration.ofMinutes(2);

    private final Database database;
    private final String conductor;
    private final Duration interval;

    HealthClaims(Database database, String conductor, Duration interval) {
        this.database = database;
        this.conductor = conductor;
        this.interval = interval;
    }

    /** Up to {@code limit} clusters whose check is due, that no operation holds a lease on, oldest check first. */
    List<String> due(Instant now, int limit) {
        return database.transaction(s -> s.createSelectionQuery(
                        "select c.uuid from Cluster c left join ClusterHealthCheck h on h.clusterId = c.uuid"
                                + " where c.status in (:checked) and (c.leaseUntil is null or c.leaseUntil < :now)"
                                + " and (h.nextCheckAt is null or h.nextCheckAt <= :now)"
                                + " order by h.nextCheckAt nulls first, c.id", String.class)
                .setParameterList("checked", CHECKED).setParameter("now", now)
                .setMaxResults(limit).list());
    }

    /** True when this conductor won the cluster's check for the interval starting {@code now}. */
    boolean claim(String clusterId, Instant now) {
        Instant next = now.plus(interval).plus(CHECK_LEASE);
        int won = database.transaction(s -> s.createMutationQuery(
                        "update ClusterHealthCheck set checkedBy = :me, nextCheckAt = :next"
                                + " where clusterId = :c and nextCheckAt <= :now")
                .setParameter("me", conductor).setParameter("next", next).setParameter("c", clusterId)
                .setParameter("now", now).executeUpdate());
        if (won == 1) {
            return true;
        }
        try {
            return database.transaction(s -> {
                if (s.find(ClusterHealthCheck.class, clusterId) != null) {
                    return false;
                }
                ClusterHealthCheck row = new ClusterHealthCheck();
                row.clusterId = clusterId;
                row.checkedBy = conductor;
                row.nextCheckAt = next;
                s.persist(row);
                return true;
            });
        } catch (PersistenceException duplicate) {
            // another conductor inserted the row between our look and our insert: it checks this time
            return false;
        }
    }

    /** The check claimed at {@code claimedAt} is over: the next is due one interval after it started, or now. */
    void release(String clusterId, Instant claimedAt) {
        Instant now = Instant.now();
        Instant due = claimedAt.plus(interval);
        database.execute(s -> s.createMutationQuery(
                        "update ClusterHealthCheck set nextCheckAt = :due where clusterId = :c and checkedBy = :me")
                .setParameter("due", due.isAfter(now) ? due : now).setParameter("c", clusterId)
                .setParameter("me", conductor).executeUpdate());
    }
}
