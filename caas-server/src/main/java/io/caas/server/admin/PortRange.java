package io.caas.server.admin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ports of the external CA: caas opens one listener per cluster in {@code [external_ca] port_range}, and HAProxy
 * must forward the whole range because nodes dial an IP address, so no SNI tells the clusters apart.
 */
public record PortRange(int first, int last) {
    public static final PortRange DEFAULT_EXTERNAL_CA = new PortRange(20000, 29999);
    private static final Pattern TEXT = Pattern.compile("(\\d{1,5})-(\\d{1,5})");

    public PortRange {
        InventoryValues.port("first port of ca_port_range", first);
        InventoryValues.port("last port of ca_port_range", last);
        if (first > last) {
            throw new InvalidInventoryException("ca_port_range " + first + "-" + last
                    + " runs backwards: write the lower port first, e.g. 20000-29999");
        }
    }

    /** Reads "first-last", the format of caas.conf's {@code [external_ca] port_range}. */
    public static PortRange parse(String key, String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InvalidInventoryException(key + " '" + InventoryValues.printable(String.valueOf(text))
                    + "' is not a port range: write it as in caas.conf's [external_ca] port_range, e.g. 20000-29999");
        }
        return new PortRange(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
