package io.caas.server.admin;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What HAProxy needs to front a set of caas controllers: the virtual IP (held by keepalived) with the ports it
 * listens on (the API's port, the external CA's range), the public URL clients use, the controllers, check timings, timeouts and the admin socket.
 * Every value is validated here, so an Inventory that exists can be rendered.
 *
 * @param tlsCertificate PEM (certificate + key) HAProxy serves for the API when {@code publicUrl} is https;
 *                       required then, refused otherwise
 */
public record Inventory(String vip, int apiPort, PortRange caPorts, URI publicUrl, Optional<Path> tlsCertificate,
                        Path statsSocket, List<Controller> controllers, CheckTimings checks,
                        ProxyTimeouts timeouts) {

    public static final Path DEFAULT_STATS_SOCKET = Path.of("/run/haproxy/admin.sock");
    public static final int DEFAULT_API_PORT = 9511;

    public Inventory {
        vip = InventoryValues.ipv4("vip", vip);
        apiPort = InventoryValues.port("api_port", apiPort);
        if (caPorts == null) {
            throw new InvalidInventoryException("ca_port_range is required: use caas.conf's [external_ca] port_range"
                    + " (default " + PortRange.DEFAULT_EXTERNAL_CA + ")");
        }
        if (caPorts.contains(apiPort)) {
            throw new InvalidInventoryException("api_port " + apiPort + " lies in ca_port_range " + caPorts
                    + ": the external CA needs the whole range, move the API out of it");
        }
        requireHttpUrl(publicUrl);
        tlsCertificate = tlsCertificate == null ? Optional.empty() : tlsCertificate;
        boolean https = "https".equals(publicUrl.getScheme().toLowerCase(Locale.ROOT));
        if (https && tlsCertificate.isEmpty()) {
            throw new InvalidInventoryException("public_url " + publicUrl + " is https but tls_certificate is not set:"
                    + " give the PEM file (certificate and key) HAProxy serves on the VIP");
        }
        if (!https && tlsCertificate.isPresent()) {
            throw new InvalidInventoryException("tls_certificate is set but public_url " + publicUrl
                    + " is http: make public_url https or remove tls_certificate");
        }
        tlsCertificate.ifPresent(path -> InventoryValues.absolutePath("tls_certificate", path));
        statsSocket = InventoryValues.absolutePath("stats_socket", statsSocket);
        controllers = List.copyOf(controllers);
        requireDistinct(controllers);
        if (checks == null || timeouts == null) {
            throw new InvalidInventoryException("checks and timeouts are required: use CheckTimings.defaults()"
                    + " and ProxyTimeouts.defaults()");
        }
    }

    public boolean https() {
        return tlsCertificate.isPresent();
    }

    private static void requireHttpUrl(URI publicUrl) {
        String scheme = publicUrl == null ? null : publicUrl.getScheme();
        if (scheme == null || !Set.of("http", "https").contains(scheme.toLowerCase(Locale.ROOT))
                || publicUrl.getHost() == null) {
            throw new InvalidInventoryException("public_url '" + publicUrl
                    + "' is not an http(s) URL: use the address clients reach, e.g. https://caas.example.org:9511");
        }
    }

    private static void requireDistinct(List<Controller> controllers) {
        if (controllers.isEmpty()) {
            throw new InvalidInventoryException("no controllers: list at least one under controllers");
        }
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (Controller c : controllers) {
            if (!names.add(c.name())) {
                throw new InvalidInventoryException("controller name " + c.name() + " appears twice: names must be unique");
            }
            if (!addresses.add(c.address())) {
                throw new InvalidInventoryException("controller " + c.name() + " shares address " + c.address()
                        + " with another controller: each one's external CA listens on the same ports of its own"
                        + " address, so give every controller an address of its own");
            }
        }
    }
}
