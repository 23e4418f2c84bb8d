package io.caas.provider.heat;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterTemplate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The stack parameters that come from the cluster and its template (everything but the members): Magnum's fields,
 * and the labels Magnum's swarm driver knew, as parameters of swarmcluster.yaml. A cluster's labels override its
 * template's. Values go to Heat as parameter values, never into a shell: Heat checks their types and constraints.
 */
final class StackShape {
    /** label -> template parameter, for labels that map one to one. */
    private static final Map<String, String> LABELS = Map.of(
            "availability_zone", "availability_zone",
            "docker_volume_type", "docker_volume_type",
            "fixed_subnet_cidr", "fixed_subnet_cidr",
            "master_lb_allowed_cidrs", "api_allowed_cidrs",
            "ssh_enabled", "ssh_enabled",
            "ssh_allowed_cidrs", "ssh_allowed_cidrs",
            "boot_timeout", "boot_timeout");
    private static final int MAX_SLUG = 40;

    private StackShape() {
    }

    static Map<String, String> parameters(Cluster cluster, ClusterTemplate template) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cluster_name", slug(cluster.name));
        p.put("cluster_uuid", cluster.uuid);
        p.put("image", template.imageId);
        p.put("master_flavor", first(cluster.masterFlavorId, template.masterFlavorId, template.flavorId));
        p.put("node_flavor", first(cluster.flavorId, template.flavorId));
        p.put("keypair", Objects.requireNonNullElse(first(cluster.keypair, template.keypairId), ""));
        p.put("external_network", template.externalNetworkId);
        p.put("fixed_network", Objects.requireNonNullElse(first(cluster.fixedNetwork, template.fixedNetwork), ""));
        p.put("fixed_subnet", Objects.requireNonNullElse(first(cluster.fixedSubnet, template.fixedSubnet), ""));
        p.put("dns_nameservers", Objects.requireNonNullElse(template.dnsNameserver, ""));
        p.put("engine_port", Integer.toString(Objects.requireNonNullElse(template.apiserverPort, 2376)));
        p.put("master_lb_enabled", Boolean.toString(Objects.requireNonNullElse(cluster.masterLbEnabled, template.masterLbEnabled)));
        p.put("floating_ip_enabled", Boolean.toString(Objects.requireNonNullElse(cluster.floatingIpEnabled, template.floatingIpEnabled)));
        p.put("docker_volume_size", Integer.toString(Objects.requireNonNullElse(
                first(cluster.dockerVolumeSize, template.dockerVolumeSize), 0)));
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.labels != null) {
            labels.putAll(template.labels);
        }
        if (cluster.labels != null) {
            labels.putAll(cluster.labels);
        }
        LABELS.forEach((label, parameter) -> {
            if (labels.containsKey(label)) {
                p.put(parameter, labels.get(label));
            }
        });
        return p;
    }

    /** The cluster's name as a DNS label: resource names in the stack start with it. */
    static String slug(String name) {
        String slug = (name == null ? "" : name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        slug = slug.length() > MAX_SLUG ? slug.substring(0, MAX_SLUG) : slug;
        slug = slug.replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "cluster" : slug;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
