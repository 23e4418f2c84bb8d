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

/** A Magnum ClusterTemplate (baymodel): what a cluster is made of. Field names follow Magnum's. */
@Entity
@Table(name = "cluster_template")
public class ClusterTemplate {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(nullable = false, unique = true, length = 36) public String uuid;
    public String name;
    @Column(name = "project_id") public String projectId;
    @Column(name = "user_id") public String userId;
    public String coe;
    @Column(name = "image_id") public String imageId;
    @Column(name = "flavor_id") public String flavorId;
    @Column(name = "master_flavor_id") public String masterFlavorId;
    @Column(name = "dns_nameserver") public String dnsNameserver;
    @Column(name = "keypair_id") public String keypairId;
    @Column(name = "external_network_id") public String externalNetworkId;
    @Column(name = "fixed_network") public String fixedNetwork;
    @Column(name = "fixed_subnet") public String fixedSubnet;
    @Column(name = "network_driver") public String networkDriver;
    @Column(name = "apiserver_port") public Integer apiserverPort;
    @Column(name = "docker_volume_size") public Integer dockerVolumeSize;
    @Column(name = "cluster_distro") public String clusterDistro;
    @Column(name = "http_proxy") public String httpProxy;
    @Column(name = "https_proxy") public String httpsProxy;
    @Column(name = "no_proxy") public String noProxy;
    @Column(name = "volume_driver") public String volumeDriver;
    @Column(name = "registry_enabled") public boolean registryEnabled;
    @Convert(converter = JsonMapConverter.class) @Column(columnDefinition = "TEXT") public Map<String, String> labels;
    @Column(name = "tls_disabled") public boolean tlsDisabled;
    @Column(name = "public") public boolean isPublic;
    @Column(name = "server_type") public String serverType;
    @Column(name = "insecure_registry") public String insecureRegistry;
    @Column(name = "docker_storage_driver") public String dockerStorageDriver;
    @Column(name = "master_lb_enabled") public boolean masterLbEnabled;
    @Column(name = "floating_ip_enabled") public boolean floatingIpEnabled;
    public boolean hidden;
    @Convert(converter = JsonListConverter.class) @Column(columnDefinition = "TEXT") public List<String> tags;
    @Column(name = "created_at") public Instant createdAt;
    @Column(name = "updated_at") public Instant updatedAt;
}
