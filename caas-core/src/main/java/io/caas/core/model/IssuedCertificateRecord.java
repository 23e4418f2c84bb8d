package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One certificate a cluster CA issued: the record the external CA endpoint keeps of what it signed. */
@Entity
@Table(name = "cluster_certificate")
public class IssuedCertificateRecord {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(name = "cluster_id", length = 36, nullable = false) public String clusterId;
    @Column(nullable = false, length = 64) public String serial;
    @Column(name = "common_name") public String commonName;
    @Column(name = "organizational_unit", length = 64) public String organizationalUnit;
    @Column(name = "not_after") public Instant notAfter;
    @Column(name = "created_at") public Instant createdAt;
}
