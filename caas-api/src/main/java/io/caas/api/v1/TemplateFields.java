package io.caas.api.v1;

import io.caas.core.model.ClusterTemplate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The ClusterTemplate body type and its JSON shape: every field, null when unset. */
final class TemplateFields {
    static final Field[] FIELDS = {
        Field.uuid("uuid"),
        Field.string("name", 1, 255),
        Field.oneOf("coe", "kubernetes", "swarm", "mesos", "dcos", "swarm-mode").required(),
        Field.string("image_id", 1, 255).required(),
        Field.string("flavor_id", 1, 255),
        Field.string("master_flavor_id", 1, 255),
        Field.dnsList("dns_nameserver"),
        Field.string("keypair_id", 1, 255),
        Field.string("external_network_id", 1, 255),
        Field.string("fixed_network", 1, 255),
        Field.string("fixed_subnet", 1, 255),
        Field.string("network_driver", 1, 255),
        Field.integer("apiserver_port", 1024, 65535),
        Field.integer("docker_volume_size", 1, null),
        Field.string("cluster_distro", 1, 255),
        Field.readOnly("links"),
        Field.string("http_proxy", 1, 255),
        Field.string("https_proxy", 1, 255),
        Field.string("no_proxy", 1, 255),
        Field.string("volume_driver", 1, 255),
        Field.bool("registry_enabled"),
        Field.labels("labels"),
        Field.bool("tls_disabled"),
        Field.bool("public"),
        Field.oneOf("server_type", "vm", "bm"),
        Field.string("insecure_registry", 1, 255),
        Field.string("docker_storage_driver", 1, 255),
        Field.bool("master_lb_enabled"),
        Field.bool("floating_ip_enabled"),
        Field.readOnly("project_id"),
        Field.readOnly("user_id"),
        Field.bool("hidden"),
        Field.string("tags", 0, 255),
        Field.readOnly("created_at"),
        Field.readOnly("updated_at"),
    };

    private TemplateFields() {
    }

    static BodySchema schema(Naming naming) {
        return new BodySchema(naming.argument(), FIELDS);
    }

    static Map<String, Object> view(ClusterTemplate t, String baseUrl, Naming naming) {
        Map<String, Object> m = document(t);
        m.put("links", Views.links(baseUrl, naming.path(), t.uuid));
        m.put("created_at", Views.timestamp(t.createdAt));
        m.put("updated_at", Views.timestamp(t.updatedAt));
        return m;
    }

    /** The template as a patchable dict, in the contract's field order. */
    static Map<String, Object> document(ClusterTemplate t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", t.uuid);
        m.put("name", t.name);
        m.put("coe", t.coe);
        m.put("image_id", t.imageId);
        m.put("flavor_id", t.flavorId);
        m.put("master_flavor_id", t.masterFlavorId);
        m.put("dns_nameserver", t.dnsNameserver);
        m.put("keypair_id", t.keypairId);
        m.put("external_network_id", t.externalNetworkId);
        m.put("fixed_network", t.fixedNetwork);
        m.put("fixed_subnet", t.fixedSubnet);
        m.put("network_driver", t.networkDriver);
        m.put("apiserver_port", t.apiserverPort);
        m.put("docker_volume_size", t.dockerVolumeSize);
        m.put("cluster_distro", t.clusterDistro);
        m.put("links", null);
        m.put("http_proxy", t.httpProxy);
        m.put("https_proxy", t.httpsProxy);
        m.put("no_proxy", t.noProxy);
        m.put("volume_driver", t.volumeDriver);
        m.put("registry_enabled", t.registryEnabled);
        m.put("labels", t.labels == null ? null : new LinkedHashMap<>(t.labels));
        m.put("tls_disabled", t.tlsDisabled);
        m.put("public", t.isPublic);
        m.put("server_type", t.serverType);
        m.put("insecure_registry", t.insecureRegistry);
        m.put("docker_storage_driver", t.dockerStorageDriver);
        m.put("master_lb_enabled", t.masterLbEnabled);
        m.put("floating_ip_enabled", t.floatingIpEnabled);
        m.put("project_id", t.projectId);
        m.put("user_id", t.userId);
        m.put("hidden", t.hidden);
        m.put("tags", t.tags == null ? null : String.join(",", t.tags));
        m.put("created_at", null);
        m.put("updated_at", null);
        return m;
    }

    /** Writes checked values (API names) onto the entity; booleans default to false when null. */
    @SuppressWarnings("unchecked")
    static void apply(ClusterTemplate t, Map<String, Object> v) {
        t.name = (String) v.get("name");
        t.coe = (String) v.get("coe");
        t.imageId = (String) v.get("image_id");
        t.flavorId = (String) v.get("flavor_id");
        t.masterFlavorId = (String) v.get("master_flavor_id");
        t.dnsNameserver = (String) v.get("dns_nameserver");
        t.keypairId = (String) v.get("keypair_id");
        t.externalNetworkId = (String) v.get("external_network_id");
        t.fixedNetwork = (String) v.get("fixed_network");
        t.fixedSubnet = (String) v.get("fixed_subnet");
        t.networkDriver = (String) v.get("network_driver");
        t.apiserverPort = (Integer) v.get("apiserver_port");
        t.dockerVolumeSize = (Integer) v.get("docker_volume_size");
        t.clusterDistro = (String) v.get("cluster_distro");
        t.httpProxy = (String) v.get("http_proxy");
        t.httpsProxy = (String) v.get("https_proxy");
        t.noProxy = (String) v.get("no_proxy");
        t.volumeDriver = (String) v.get("volume_driver");
        t.registryEnabled = Boolean.TRUE.equals(v.get("registry_enabled"));
        t.labels = (Map<String, String>) v.get("labels");
        t.tlsDisabled = Boolean.TRUE.equals(v.get("tls_disabled"));
        t.isPublic = Boolean.TRUE.equals(v.get("public"));
        t.serverType = (String) v.get("server_type");
        t.insecureRegistry = (String) v.get("insecure_registry");
        t.dockerStorageDriver = (String) v.get("docker_storage_driver");
        t.masterLbEnabled = Boolean.TRUE.equals(v.get("master_lb_enabled"));
        t.floatingIpEnabled = Boolean.TRUE.equals(v.get("floating_ip_enabled"));
        t.hidden = Boolean.TRUE.equals(v.get("hidden"));
        String tags = (String) v.get("tags");
        t.tags = tags == null ? null : Arrays.stream(tags.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(java.util.ArrayList::new));
    }

    static List<String> names() {
        return Arrays.stream(FIELDS).map(Field::name).toList();
    }
}
