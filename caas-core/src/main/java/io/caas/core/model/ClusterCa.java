package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A cluster's root CA. The private key is only ever stored sealed (AES-GCM under the configured master key);
 * it never reaches a node, a log or an API response.
 */
@Entity
@Table(name = "cluster_ca")
public class ClusterCa {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(name = "cluster_id", length = 36, nullable = false) public String clusterId;
    /** 1 for the first root; each rotation adds a row with the next generation. */
    public int generation;
    @Column(name = "cert_pem", columnDefinition = "TEXT", nullable = false) public String certPem;
    @Column(name = "sealed_key", nullable = false, length = 4096) public byte[] sealedKey;
    /** The rotate_ca operation that made this root; null for a cluster's first root. */
    @Column(name = "operation_id", length = 36) public String operationId;
    @Column(name = "created_at") public Instant createdAt;
}
