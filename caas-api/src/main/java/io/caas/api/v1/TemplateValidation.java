package io.caas.api.v1;

import io.caas.api.web.ApiException;
import io.caas.api.web.Python;
import io.caas.core.pki.DurationText;
import io.caas.core.spi.Catalogue;
import io.caas.core.spi.DriverKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Magnum's template checks: the COE validator (server type, network and volume drivers), the docker volume size
 * for devicemapper, the cloud resources (image with its os_distro, flavors, external network) through the provider's
 * catalogue, and whether a driver exists for (server_type, cluster_distro, coe).
 */
final class TemplateValidation {
    private record CoeRules(List<String> networkDrivers, String defaultNetworkDriver, List<String> volumeDrivers) {
    }

    private static final CoeRules KUBERNETES = new CoeRules(List.of("flannel", "calico"), "flannel", List.of("cinder"));
    private static final CoeRules SWARM = new CoeRules(List.of("docker", "flannel"), "docker", List.of("rexray"));
    private static final Set<String> SWARM_STRATEGIES = Set.of("spread", "binpack", "random");
    private static final java.time.Duration MIN_CERT_EXPIRY = java.time.Duration.ofMinutes(2);

    private TemplateValidation() {
    }

    private static CoeRules rules(String coe) {
        return switch (coe == null ? "" : coe) {
            case "kubernetes" -> KUBERNETES;
            case "swarm", "swarm-mode" -> SWARM;
            default -> throw ApiException.badRequest("Requested COE type " + coe + " is not supported.");
        };
    }

    /** The checks that need no cloud; fills in the COE's default network driver as Magnum stores it. */
    static void checkDrivers(Map<String, Object> template) {
        CoeRules rules = rules((String) template.get("coe"));
        String serverType = (String) template.get("server_type");
        if (serverType != null && !List.of("vm", "bm").contains(serverType)) {
            throw ApiException.badRequest("Server type " + serverType
                    + " is not supported, expecting a vm/bm/unspecified server type.");
        }
        if (template.get("network_driver") == null) {
            template.put("network_driver", rules.defaultNetworkDriver());
        }
        String network = (String) template.get("network_driver");
        if (!rules.networkDrivers().contains(network)) {
            throw ApiException.badRequest("Network driver type " + network + " is not supported, expecting a "
                    + String.join("/", rules.networkDrivers()) + "/unspecified network driver.");
        }
        String volume = (String) template.get("volume_driver");
        if (volume != null && !rules.volumeDrivers().contains(volume)) {
            throw ApiException.badRequest("Volume driver type " + volume + " is not supported, expecting a "
                    + String.join("/", rules.volumeDrivers()) + "/unspecified volume driver.");
        }
        checkVolumeSize(template, null);
    }

    static void checkVolumeSize(Map<String, Object> template, Integer clusterVolumeSize) {
        Integer size = clusterVolumeSize != null ? clusterVolumeSize : (Integer) template.get("docker_volume_size");
        Object storage = template.get("docker_storage_driver");
        if ("devicemapper".equals(storage) && (size == null || size < 3)) {
            throw ApiException.badRequest("docker volume size " + Python.str(size)
                    + " GB is not valid, expecting minimum value 3GB for devicemapper storage driver.");
        }
    }

    /** The image's os_distro, which picks the driver; Magnum's 400s when the image is missing or has none. */
    static String distroOf(Catalogue catalogue, String image) {
        Catalogue.Image found = catalogue.findImage(image)
                .orElseThrow(() -> ApiException.badRequest("Image " + image + " could not be found."));
        if (found.osDistro() == null || found.osDistro().isBlank()) {
            throw ApiException.badRequest("Image " + image + " doesn't contain os_distro field.");
        }
        return found.osDistro();
    }

    static void checkDriverExists(Set<DriverKey> drivers, String serverType, String distro, String coe) {
        DriverKey key = new DriverKey(serverType, distro, coe);
        if (!drivers.contains(key)) {
            throw ApiException.badRequest("Cluster type (" + Python.str(serverType) + ", " + Python.str(distro) + ", "
                    + Python.str(coe) + ") not supported.");
        }
    }

    /** Flavors, external network and label checks against the provider, with Magnum's texts. */
    @SuppressWarnings("unchecked")
    static void checkCloudResources(Catalogue catalogue, Map<String, Object> template) {
        checkFlavor(catalogue, (String) template.get("flavor_id"));
        checkFlavor(catalogue, (String) template.get("master_flavor_id"));
        String network = (String) template.get("external_network_id");
        if (network != null) {
            long matches = catalogue.externalNetworks().stream()
                    .filter(n -> network.equals(n.id()) || network.equals(n.name())).count();
            if (matches == 0) {
                throw ApiException.badRequest("Unable to find external network " + network + ".");
            }
            if (matches > 1) {
                throw ApiException.conflict("Multiple external networks exist with same name '" + network
                        + "'. Please use the external network ID instead.");
            }
        }
        checkLabels((Map<String, String>) template.get("labels"));
    }

    /**
     * Node certificates of cert_expiry: swarm renews them at 50-80 % of their life counted in whole minutes, so
     * below 2 minutes it would renew them the moment it gets them.
     */
    private static void checkCertExpiry(String certExpiry) {
        if (certExpiry == null) {
            return;
        }
        java.time.Duration validity;
        try {
            validity = DurationText.parse(certExpiry);
        } catch (IllegalArgumentException invalid) {
            throw ApiException.badRequest("property \"labels/cert_expiry\" with value \"" + certExpiry
                    + "\" is not valid: " + invalid.getMessage());
        }
        if (validity.compareTo(MIN_CERT_EXPIRY) < 0) {
            throw ApiException.badRequest("property \"labels/cert_expiry\" with value \"" + certExpiry
                    + "\" is not valid: node certificates must live at least 2m, or swarm renews them without pause");
        }
    }

    static void checkFlavor(Catalogue catalogue, String flavor) {
        if (flavor != null && catalogue.findFlavor(flavor).isEmpty()) {
            throw ApiException.badRequest("Unable to find flavor " + flavor + ".");
        }
    }

    static void checkLabels(Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        checkCertExpiry(labels.get("cert_expiry"));
        String autolock = labels.get("autolock");
        if (autolock != null && !List.of("true", "false").contains(autolock.toLowerCase(java.util.Locale.ROOT))) {
            throw ApiException.badRequest("property \"labels/autolock\" with value \"" + autolock
                    + "\" is not valid; use true or false");
        }
        if (labels.get("swarm_strategy") == null) {
            return;
        }
        Set<String> unsupported = new TreeSet<>(List.of(labels.get("swarm_strategy").split("\\s+")));
        unsupported.removeAll(SWARM_STRATEGIES);
        unsupported.remove("");
        if (!unsupported.isEmpty()) {
            throw ApiException.badRequest("property \"labels/swarm_strategy\" with value \"" + String.join(" ", unsupported)
                    + "\" is not supported, supported values are: spread, binpack, random, unspecified");
        }
    }
}
