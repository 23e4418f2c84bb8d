package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Magnum Cluster (bay). master_count and node_count are the sums over its nodegroups, as in Magnum 15;
 * they are kept here too so that listing a thousand clusters needs no join.
 *
 * <p>{@link #lockVersion} is the optimistic lock and {@link #conductor}/{@link #leaseUntil} the lease: a conductor
 * acts on a cluster only after it won the lease in a versioned update, so two conductors never both act on one.
 */
@Entity
@Table(name = "cluster")
public class Cluster {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(nullable = false, unique = true, length = 36) public String uuid;
    public String name;
    @Column(name = "project_id") public String projectId;
    @Column(name = "user_id") public String userId;
    @Column(name = "cluster_template_id", length = 36) public String clusterTemplateId;
    public String keypair;
    @Column(name = "master_count") public int masterCount;
    @Column(name = "node_count") public int nodeCount;
    @Column(name = "docker_volume_size") public Integer dockerVolumeSize;
    @Convert(converter = JsonMapConverter.class) @Column(columnDefinition = "TEXT") public Map<String, String> labels;
    @Column(name = "master_flavor_id") public String masterFlavorId;
    @Column(name = "flavor_id") public String flavorId;
    @Column(name = "create_timeout") public Integer createTimeout;
    @Column(name = "stack_id") public String stackId;
    @Enumerated(EnumType.STRING) @Column(length = 32) public ClusterStatus status;
    @Column(name = "status_reason", columnDefinition = "TEXT") public String statusReason;
    @Column(name = "health_status", length = 16) public String healthStatus;
    @Convert(converter = JsonMapConverter.class) @Column(name = "health_status_reason", columnDefinition = "TEXT")
    public Map<String, String> healthStatusReason;
    @Column(name = "discovery_url") public String discoveryUrl;
    @Column(name = "api_address") public String apiAddress;
    @Column(name = "coe_version") public String coeVersion;
    @Column(name = "container_version") public String containerVersion;
    @Convert(converter = JsonListConverter.class) @Column(name = "master_addresses", columnDefinition = "TEXT")
    public List<String> masterAddresses;
    @Convert(converter = JsonListConverter.class) @Column(name = "node_addresses", columnDefinition = "TEXT")
    public List<String> nodeAddresses;
    @Column(name = "fixed_network") public String fixedNetwork;
    @Column(name = "fixed_subnet") public String fixedSubnet;
    @Column(name = "floating_ip_enabled") public Boolean floatingIpEnabled;
    @Column(name = "master_lb_enabled") public Boolean masterLbEnabled;
    @Column(name = "merge_labels") public Boolean mergeLabels;
    /** The port of this cluster's external CA listener (cfssl over mutual TLS); null until allocated. */
    @Column(name = "external_ca_port") public Integer externalCaPort;
    /** Swarm's own id for the cluster: the O of every node certificate; null until swarm init. */
    @Column(name = "swarm_cluster_id") public String swarmClusterId;
    /** The provider this cluster's hosts live on (local, heat, aws, azure). */
    public String provider;
    /** The conductor holding this cluster's lease, and until when; null when no one acts on it. */
    public String conductor;
    @Column(name = "lease_until") public Instant leaseUntil;
    @Version @Column(name = "lock_version") public long lockVersion;
    @Column(name = "created_at") public Instant createdAt;
    @Column(name = "updated_at") public Instant updatedAt;
}
