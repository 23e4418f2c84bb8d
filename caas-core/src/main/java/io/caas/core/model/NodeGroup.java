package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A Magnum nodegroup. Every cluster has default-master and default-worker; tenants may add worker groups. */
@Entity
@Table(name = "nodegroup")
public class NodeGroup {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(nullable = false, unique = true, length = 36) public String uuid;
    public String name;
    @Column(name = "cluster_id", length = 36, nullable = false) public String clusterId;
    @Column(name = "project_id") public String projectId;
    @Column(name = "docker_volume_size") public Integer dockerVolumeSize;
    @Convert(converter = JsonMapConverter.class) @Column(columnDefinition = "TEXT") public Map<String, String> labels;
    @Column(name = "flavor_id") public String flavorId;
    @Column(name = "image_id") public String imageId;
    @Convert(converter = JsonListConverter.class) @Column(name = "node_addresses", columnDefinition = "TEXT")
    public List<String> nodeAddresses;
    @Column(name = "node_count") public int nodeCount;
    /** "master" or "worker". */
    public String role;
    @Column(name = "min_node_count") public int minNodeCount;
    @Column(name = "max_node_count") public Integer maxNodeCount;
    @Column(name = "is_default") public boolean isDefault;
    @Column(name = "stack_id") public String stackId;
    public String status;
    @Column(name = "status_reason", columnDefinition = "TEXT") public String statusReason;
    /** Magnum's nodegroup "version": the COE version its nodes run. */
    @Column(name = "coe_version") public String version;
    @Column(name = "merge_labels") public Boolean mergeLabels;
    @Column(name = "created_at") public Instant createdAt;
    @Column(name = "updated_at") public Instant updatedAt;
}
