package io.caas.core.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One host of a cluster and how far it got: a caas extension the tenant reads while a cluster builds
 * (GET /v1/clusters/{id}/nodes), so nobody waits on a bare CREATE_IN_PROGRESS.
 */
@Entity
@Table(name = "cluster_node")
public class ClusterNode {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(nullable = false, unique = true, length = 36) public String uuid;
    @Column(name = "cluster_id", length = 36, nullable = false) public String clusterId;
    @Column(name = "nodegroup_id", length = 36) public String nodegroupId;
    public String name;
    /** "manager" or "worker", in swarm's words. */
    public String role;
    /** The provider's handle for the host (a local host directory, a Nova server id, an instance id...). */
    @Column(name = "host_id") public String hostId;
    public String address;
    /** Where the node is: PENDING, BOOTING, ENGINE_UP, JOINING, READY, FAILED, DELETING. */
    public String state;
    /** The last bootstrap step the node reported, or what failed. */
    @Column(columnDefinition = "TEXT") public String message;
    @Column(name = "swarm_node_id") public String swarmNodeId;
    /** SHA-256 (hex) of the node's bootstrap bearer token; the token itself is only in the node's user data. */
    @Column(name = "bootstrap_token_hash") public String bootstrapTokenHash;
    /** HEALTHY, UNHEALTHY or UNKNOWN as the last health check saw the node; null until checked. */
    @Column(name = "health_status", length = 16) public String healthStatus;
    /** Why the node is not HEALTHY (node down, manager unreachable...), null when it is. */
    @Column(name = "health_reason") public String healthReason;
    /** When the node was first seen UNHEALTHY without a HEALTHY check since; auto-heal's grace period counts from here. */
    @Column(name = "unhealthy_since") public Instant unhealthySince;
    /**
     * The root generation (cluster_ca.generation) caas wants this node's Engine API certificate and client CA from;
     * null: the one it booted with. The node agent polls it (GET .../nodes/{node}/engine-tls) during a CA rotation.
     */
    @Column(name = "engine_tls_generation") public Integer engineTlsGeneration;
    @Column(name = "created_at") public Instant createdAt;
    @Column(name = "updated_at") public Instant updatedAt;
}
