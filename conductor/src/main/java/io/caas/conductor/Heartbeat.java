package io.caas.conductor;

import io.caas.core.model.ConductorService;
import io.caas.core.persistence.Database;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports this conductor alive in magnum_service, which /v1/mservices turns into state up/down. */
final class Heartbeat implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
    static final String BINARY = "magnum-conductor";

    private final Database database;
    private final String host;

    Heartbeat(Database database, String host) {
        this.database = database;
        this.host = host;
    }

    @Override
    public void run() {
        try {
            database.execute(session -> {
                Instant now = Instant.now();
                ConductorService row = session.createQuery(
                                "from ConductorService where host = :h and binary = :b", ConductorService.class)
                        .setParameter("h", host).setParameter("b", BINARY)
                        .uniqueResult();
                if (row == null) {
                    row = new ConductorService();
                    row.host = host;
                    row.binary = BINARY;
                    row.createdAt = now;
                    session.persist(row);
                }
                row.reportCount++;
                row.lastSeenUp = now;
                row.updatedAt = now;
            });
        } catch (RuntimeException e) {
            // the database may be restarting; the next beat tries again
            LOG.warn("event=heartbeat_failed host={} error=\"{}\"", host, e.getMessage());
        }
    }
}
