package io.caas.core.secrets;

import io.caas.core.model.ClusterSecret;
import io.caas.core.persistence.Database;
import java.time.Instant;
import java.util.Optional;

/** Named per-cluster secrets (join material, unlock keys...), sealed by the {@link SecretBox} before they are stored. */
public final class ClusterSecrets {
    private final Database database;
    private final SecretBox box;

    public ClusterSecrets(Database database, SecretBox box) {
        this.database = database;
        this.box = box;
    }

    public void put(String clusterId, String name, String value) {
        database.execute(s -> put(s, clusterId, name, value));
    }

    /** Seals and stores {@code value} in the caller's transaction (with the rows it writes, or not at all). */
    public void put(org.hibernate.Session s, String clusterId, String name, String value) {
        byte[] sealed = box.sealString(value);
        ClusterSecret row = find(s, clusterId, name);
        Instant now = Instant.now();
        if (row == null) {
            row = new ClusterSecret();
            row.clusterId = clusterId;
            row.name = name;
            row.createdAt = now;
            row.sealedValue = sealed;
            row.updatedAt = now;
            s.persist(row);
        } else {
            row.sealedValue = sealed;
            row.updatedAt = now;
        }
    }

    public Optional<String> get(String clusterId, String name) {
        return Optional.ofNullable(database.transaction(s -> find(s, clusterId, name)))
                .map(row -> box.openString(row.sealedValue));
    }

    public void delete(String clusterId, String name) {
        database.execute(s -> s.createMutationQuery("delete from ClusterSecret where clusterId = :c and name = :n")
                .setParameter("c", clusterId).setParameter("n", name).executeUpdate());
    }

    private static ClusterSecret find(org.hibernate.Session s, String clusterId, String name) {
        return s.createQuery("from ClusterSecret where clusterId = :c and name = :n", ClusterSecret.class)
                .setParameter("c", clusterId).setParameter("n", name).uniqueResult();
    }
}
