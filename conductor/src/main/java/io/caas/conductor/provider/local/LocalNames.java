package io.caas.conductor.provider.local;

import io.caas.core.spi.ProviderException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of a cluster's kernel objects, and the rules every name from outside must pass before it reaches a
 * command line, a file name or a template. Interface names are at most 15 characters (IFNAMSIZ - 1), so they
 * are built from an 8-hex-digit short id of the cluster and the host's last address octet.
 */
final class LocalNames {
    private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern HOST_ID = Pattern.compile("[0-9a-f]{8}-[0-9]{1,9}");

    private LocalNames() {
    }

    static String requireClusterId(String clusterId) throws ProviderException {
        if (clusterId == null || !CLUSTER_ID.matcher(clusterId).matches()) {
            throw new ProviderException("Cluster id '" + clusterId
                    + "' is not valid for the local provider: use 1-64 letters, digits, '-' or '_'");
        }
        return clusterId;
    }

    static String requireHostName(String name) throws ProviderException {
        if (name == null || !HOST_NAME.matcher(name).matches()) {
            throw new ProviderException("Host name '" + name
                    + "' is not a valid hostname: use 1-63 letters, digits and inner '-'");
        }
        return name;
    }

    static boolean isHostId(String hostId) {
        return hostId != null && HOST_ID.matcher(hostId).matches();
    }

    /** The first 8 hex digits of the id's SHA-256: short enough for interface names, stable across restarts. */
    static String shortId(String clusterId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(clusterId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String hostId(String shortId, long sequence) {
        return shortId + "-" + sequence;
    }

    static String bridge(String shortId) {
        return "caas" + shortId;
    }

    static String netns(String shortId, int octet) {
        return "cn" + shortId + "-" + octet;
    }

    static String veth(String shortId, int octet) {
        return "cv" + shortId + "-" + octet;
    }
}
