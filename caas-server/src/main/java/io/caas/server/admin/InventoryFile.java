package io.caas.server.admin;

import io.caas.core.config.CaasConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@link Inventory} from an INI file, the format caas.conf already uses (so no YAML parser is needed):
 * <pre>
 * [haproxy]
 * vip = 192.0.2.10
 * public_url = https://caas.example.org:9511
 * tls_certificate = /etc/haproxy/caas.pem      # only with an https public_url
 * api_port = 9511                              # VIP port; controllers default to the same
 * ca_port_range = 20000-29999                  # caas.conf's [external_ca] port_range, forwarded as a whole
 * stats_socket = /run/haproxy/admin.sock
 * controllers = controller-1, controller-2, controller-3
 *
 * [controller:controller-1]
 * address = 10.0.0.11
 *
 * [checks]                                     # optional; defaults shown
 * inter = 10s
 * fastinter = 2s
 * downinter = 3s
 * rise = 3
 * fall = 3
 *
 * [timeouts]                                   # optional: connect client server http_request queue check tunnel
 * </pre>
 * Unlike caas.conf, CAAS_* environment variables do not override it: the inventory describes the whole service,
 * not the process reading it.
 */
public final class InventoryFile {
    static final String CONTROLLER_SECTION_PREFIX = "controller:";

    private InventoryFile() {
    }

    public static Inventory load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInventoryException("Cannot read inventory " + file + ": " + e.getMessage()
                    + " (check the path given to --inventory)");
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInventoryException("Inventory " + file + ": " + e.getMessage());
        }
    }

    public static Inventory parse(String text) {
        CaasConfig ini = CaasConfig.parse(text, Map.of());
        int apiPort = ini.getInt("haproxy", "api_port", Inventory.DEFAULT_API_PORT);
        return new Inventory(
                ini.require("haproxy", "vip"),
                apiPort,
                PortRange.parse("ca_port_range", ini.get("haproxy", "ca_port_range", PortRange.DEFAULT_EXTERNAL_CA.toString())),
                publicUrl(ini.require("haproxy", "public_url")),
                ini.get("haproxy", "tls_certificate").map(Path::of),
                Path.of(ini.get("haproxy", "stats_socket", Inventory.DEFAULT_STATS_SOCKET.toString())),
                controllers(ini, apiPort),
                checks(ini),
                timeouts(ini));
    }

    private static List<Controller> controllers(CaasConfig ini, int defaultApiPort) {
        List<Controller> controllers = new ArrayList<>();
        for (String name : Arrays.stream(ini.require("haproxy", "controllers").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            String section = CONTROLLER_SECTION_PREFIX + InventoryValues.name("controller name", name);
            String address = ini.get(section, "address").orElseThrow(() -> new InvalidInventoryException(
                    "controller " + name + " has no address: add [" + section + "] with address = ..."));
            controllers.add(new Controller(name, address,
                    ini.getInt(section, "api_port", defaultApiPort)));
        }
        return controllers;
    }

    private static CheckTimings checks(CaasConfig ini) {
        CheckTimings d = CheckTimings.defaults();
        return new CheckTimings(
                ini.get("checks", "inter", d.inter()),
                ini.get("checks", "fastinter", d.fastinter()),
                ini.get("checks", "downinter", d.downinter()),
                ini.getInt("checks", "rise", d.rise()),
                ini.getInt("checks", "fall", d.fall()));
    }

    private static ProxyTimeouts timeouts(CaasConfig ini) {
        ProxyTimeouts d = ProxyTimeouts.defaults();
        return new ProxyTimeouts(
                ini.get("timeouts", "connect", d.connect()),
                ini.get("timeouts", "client", d.client()),
                ini.get("timeouts", "server", d.server()),
                ini.get("timeouts", "http_request", d.httpRequest()),
                ini.get("timeouts", "queue", d.queue()),
                ini.get("timeouts", "check", d.check()),
                ini.get("timeouts", "tunnel", d.tunnel()));
    }

    private static URI publicUrl(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInventoryException("public_url '" + InventoryValues.printable(text)
                    + "' is not a URL: use e.g. https://caas.example.org:9511");
        }
    }
}
