package io.caas.conductor.provider.local;

import io.caas.core.spi.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Mounts under a host's directory as the machine's mount table shows them. Hosts mount in a private namespace, so
 * normally there are none; a bootstrap that mounts with shared propagation, or an aborted start, can leave some.
 */
final class HostMounts {
    private HostMounts() {
    }

    static List<String> below(Path dir) throws ProviderException {
        String prefix = dir.toAbsolutePath().normalize().toString();
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String mountPoint = unescape(line.split(" ")[4]);
                if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
                    mounts.add(mountPoint);
                }
            }
        } catch (IOException e) {
            throw new ProviderException("Cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
        return mounts;
    }

    /** Unmounts (lazily, deepest first) everything mounted on or below {@code dir}. */
    static void unmountBelow(Path dir) throws ProviderException {
        List<String> mounts = new ArrayList<>(below(dir));
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        for (String mountPoint : mounts) {
            Commands.run(List.of("umount", "-l", "--", mountPoint));
        }
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes (\040). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
