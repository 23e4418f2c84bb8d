package io.caas.core.pki;

import io.caas.core.model.ClusterCa;
import io.caas.core.persistence.Database;
import io.caas.core.secrets.SecretBox;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Where cluster roots live: one row per generation in cluster_ca, the private key sealed by the
 * {@link SecretBox}. The newest generation signs; older ones stay until a rotation has moved every node.
 */
public final class ClusterCaStore {
    private final Database database;
    private final SecretBox box;
    private final Clock clock;
    private final Duration rootValidity;

    public ClusterCaStore(Database database, SecretBox box, Clock clock, Duration rootValidity) {
        this.database = database;
        this.box = box;
        this.clock = clock;
        this.rootValidity = rootValidity;
    }

    /** The cluster's current root, creating the first one if it has none; safe to call again on recovery. */
    public CertificateAuthority ensureRoot(String clusterId) {
        Optional<CertificateAuthority> existing = current(clusterId);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return addGeneration(clusterId, 1);
        } catch (RuntimeException failed) {
            // the API and a conductor may both create the first root; UNIQUE(cluster_id, generation) lets one win
            if (!isConstraintViolation(failed)) {
                throw failed;
            }
            return current(clusterId).orElseThrow(() -> failed);
        }
    }

    /** A new root for a CA rotation; the previous one stays readable through {@link #generation}. */
    public CertificateAuthority rotate(String clusterId) {
        int next = database.transaction(s -> s.createQuery(
                        "select coalesce(max(generation), 0) from ClusterCa where clusterId = :u", Integer.class)
                .setParameter("u", clusterId).getSingleResult()) + 1;
        return addGeneration(clusterId, next);
    }

    public Optional<CertificateAuthority> current(String clusterId) {
        return database.transaction(s -> s.createQuery(
                        "from ClusterCa where clusterId = :u order by generation desc", ClusterCa.class)
                .setParameter("u", clusterId).setMaxResults(1).uniqueResultOptional()).map(this::open);
    }

    public Optional<CertificateAuthority> generation(String clusterId, int generation) {
        return database.transaction(s -> s.createQuery(
                        "from ClusterCa where clusterId = :u and generation = :g", ClusterCa.class)
                .setParameter("u", clusterId).setParameter("g", generation).uniqueResultOptional()).map(this::open);
    }

    private CertificateAuthority addGeneration(String clusterId, int generation) {
        CertificateAuthority ca = CertificateAuthority.createRoot(clusterId, rootValidity, clock);
        ClusterCa row = new ClusterCa();
        row.clusterId = clusterId;
        row.generation = generation;
        row.certPem = ca.certificatePem();
        row.sealedKey = box.seal(ca.privateKeyPkcs8());
        row.createdAt = Instant.now(clock);
        database.execute(s -> { s.persist(row); });
        return ca;
    }

    private static boolean isConstraintViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException || cause instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    private CertificateAuthority open(ClusterCa row) {
        return CertificateAuthority.load(row.certPem, box.open(row.sealedKey), clock);
    }
}
