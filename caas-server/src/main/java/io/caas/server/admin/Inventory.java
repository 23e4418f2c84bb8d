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
 * listens on, the public URL clients use, the controllers, check timings, timeouts and the admin socket.
 * Every value is validated here, so an Inventory that exists can be rendered.
 *
 * @param tlsCertificate PEM (certificate + key) HAProxy serves for the API when {@code publicUrl} is https;
 *                       required then, refused otherwise
 */
public record Inventory(String vip, int apiPort, int caPort, URI publicUrl, Optional<Path> tlsCertificate,
                        Path statsSocket, List<Controller> controllers, CheckTimings checks,
                        ProxyTimeouts timeouts) {

    public static final Path DEFAULT_STATS_SOCKET = Path.of("/run/haproxy/admin.sock");
    public static final int DEFAULT_API_PORT = 9511;
    public static final int DEFAULT_CA_PORT = 9512;

    public Inventory {
        vip = InventoryValues.ipv4("vip", vip);
        apiPort = InventoryValues.port("api_port", apiPort);
        caPort = InventoryValues.port("ca_port", caPort);
        if (apiPort == caPort) {
            throw new InvalidInventoryException("api_port and ca_port are both " + apiPort
                    + ": the external CA needs a port of its own (default " + DEFAULT_CA_PORT + ")");
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
        Set<String> endpoints = new HashSet<>();
        for (Controller c : controllers) {
            if (!names.add(c.name())) {
                throw new InvalidInventoryException("controller name " + c.name() + " appears twice: names must be unique");
            }
            if (!endpoints.add(c.address() + ":" + c.apiPort()) || !endpoints.add(c.address() + ":" + c.caPort())) {
                throw new InvalidInventoryException("controller " + c.name() + " reuses a port already taken on "
                        + c.address() + ": each api_port and ca_port must be distinct per address");
            }
        }
    }
}
