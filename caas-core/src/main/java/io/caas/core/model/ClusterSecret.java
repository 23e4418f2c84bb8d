package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A named secret of one cluster, stored only sealed (see {@link io.caas.core.secrets.ClusterSecrets}). */
@Entity
@Table(name = "cluster_secret")
public class ClusterSecret {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(name = "cluster_id", length = 36, nullable = false) public String clusterId;
    @Column(nullable = false, length = 64) public String name;
    @Column(name = "sealed_value", nullable = false, length = 16384) public byte[] sealedValue;
    @Column(name = "created_at") public Instant createdAt;
    @Column(name = "updated_at") public Instant updatedAt;
}
