package io.caas.server.admin;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The strict shapes an inventory value must have before it is written into haproxy.cfg. HAProxy has no quoting
 * we could rely on, so anything outside these shapes (a space, a newline, a '#') is refused rather than escaped.
 */
final class InventoryValues {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62})");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DURATION = Pattern.compile("[1-9][0-9]{0,6}(?:us|ms|s|m|h|d)?");
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]{1,254}");

    private InventoryValues() {
    }

    static String name(String key, String value) {
        require(key, value);
        if (!NAME.matcher(value).matches()) {
            throw new InvalidInventoryException(key + " '" + printable(value) + "' is not a valid name: use 1 to 63"
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit (no spaces, no newlines)");
        }
        return value;
    }

    static String ipv4(String key, String value) {
        require(key, value);
        if (!isIpv4(value)) {
            throw new InvalidInventoryException(key + " '" + printable(value)
                    + "' is not an IPv4 address: write it as four numbers 0-255, e.g. 192.0.2.10");
        }
        return value;
    }

    /** An IPv4 address or a DNS host name (resolved by HAProxy at start, never here). */
    static String address(String key, String value) {
        require(key, value);
        boolean valid = IPV4.matcher(value).matches() ? isIpv4(value) : isHostName(value);
        if (!valid) {
            throw new InvalidInventoryException(key + " '" + printable(value)
                    + "' is neither an IPv4 address nor a host name: use e.g. 10.0.0.11 or controller-1.example.org");
        }
        return value;
    }

    private static boolean isIpv4(String value) {
        var m = IPV4.matcher(value);
        boolean valid = m.matches();
        for (int group = 1; valid && group <= 4; group++) {
            valid = Integer.parseInt(m.group(group)) <= 255;
        }
        return valid;
    }

    /** RFC 1123 labels; an all-numeric name is refused because it would be read as a malformed address. */
    private static boolean isHostName(String value) {
        boolean valid = value.length() <= 253 && !value.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        for (String label : value.split("\\.", -1)) {
            valid = valid && HOST_LABEL.matcher(label).matches();
        }
        return valid;
    }

    static int port(String key, int value) {
        if (value < 1 || value > 65535) {
            throw new InvalidInventoryException(key + " " + value + " is not a TCP port: use 1-65535");
        }
        return value;
    }

    static String duration(String key, String value) {
        require(key, value);
        if (!DURATION.matcher(value).matches()) {
            throw new InvalidInventoryException(key + " '" + printable(value)
                    + "' is not an HAProxy duration: use a positive number with an optional unit us, ms, s, m, h or d,"
                    + " e.g. 10s or 500ms");
        }
        return value;
    }

    static int count(String key, int value) {
        if (value < 1 || value > 99) {
            throw new InvalidInventoryException(key + " " + value + " is out of range: use 1-99");
        }
        return value;
    }

    static Path absolutePath(String key, Path value) {
        if (value == null) {
            throw new InvalidInventoryException(key + " is missing: give an absolute path");
        }
        String text = value.toString();
        if (!SAFE_PATH.matcher(text).matches() || text.contains("..")) {
            throw new InvalidInventoryException(key + " '" + printable(text) + "' is not an absolute path of letters,"
                    + " digits, '.', '_', '-' and '/' (no spaces, no '..'): choose e.g. /run/haproxy/admin.sock");
        }
        return value;
    }

    private static void require(String key, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInventoryException(key + " is missing: set it in the inventory");
        }
    }

    /** The value as it can be shown in one log line: control characters made visible. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
