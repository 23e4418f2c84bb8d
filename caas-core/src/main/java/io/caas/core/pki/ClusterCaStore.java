package io.caas.core.pki;

import io.caas.core.model.ClusterCa;
import io.caas.core.persistence.Database;
import io.caas.core.secrets.SecretBox;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
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
            return addGeneration(clusterId, 1, null);
        } catch (RuntimeException failed) {
            // the API and a conductor may both create the first root; UNIQUE(cluster_id, generation) lets one win
            if (!isConstraintViolation(failed)) {
                throw failed;
            }
            return current(clusterId).orElseThrow(() -> failed);
        }
    }

    /**
     * The new root of CA rotation {@code operationId}, which becomes the current one: made on the first call, found
     * again on later ones (a conductor taking the rotation over asks again). Returns its generation.
     */
    public int rotate(String clusterId, String operationId) {
        OptionalInt made = generationMadeBy(clusterId, operationId);
        if (made.isPresent()) {
            return made.getAsInt();
        }
        int next = currentGeneration(clusterId) + 1;
        addGeneration(clusterId, next, operationId);
        return next;
    }

    /** The generation rotation {@code operationId} made, if it made one yet. */
    public OptionalInt generationMadeBy(String clusterId, String operationId) {
        return database.transaction(s -> s.createQuery(
                        "select generation from ClusterCa where clusterId = :u and operationId = :o", Integer.class)
                .setParameter("u", clusterId).setParameter("o", operationId).uniqueResultOptional())
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** The current root's generation: 1 until the first rotation, 0 while the cluster has no root. */
    public int currentGeneration(String clusterId) {
        return database.transaction(s -> s.createQuery(
                "select coalesce(max(generation), 0) from ClusterCa where clusterId = :u", Integer.class)
                .setParameter("u", clusterId).getSingleResult());
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

    private CertificateAuthority addGeneration(String clusterId, int generation, String operationId) {
        CertificateAuthority ca = CertificateAuthority.createRoot(clusterId, rootValidity, clock);
        ClusterCa row = new ClusterCa();
        row.clusterId = clusterId;
        row.generation = generation;
        row.certPem = ca.certificatePem();
        row.sealedKey = box.seal(ca.privateKeyPkcs8());
        row.operationId = operationId;
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
