package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A per-project hard limit on a resource ("Cluster"); a project without a row gets the configured default. */
@Entity
@Table(name = "quota")
public class Quota {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(name = "project_id", nullable = false) public String projectId;
    @Column(nullable = false) public String resource;
    @Column(name = "hard_limit") public int hardLimit;
    @Column(name = "created_at") public Instant createdAt;
    @Column(name = "updated_at") public Instant updatedAt;
}
