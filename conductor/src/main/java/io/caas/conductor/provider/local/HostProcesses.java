package io.caas.conductor.provider.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds every process that belongs to a local host, by reading /proc. A host's processes are those in its network
 * namespace (dockerd, containerd, shims), those carrying its marker in their environment (set by the provider when
 * it starts the bootstrap, inherited by dockerd and containerd), the live pids of its pid files when they are in its
 * namespace, everything sharing the private mount namespace of the marked ones, and all their descendants:
 * containers get namespaces of their own but stay children of their shim.
 */
final class HostProcesses {
    static final String MARKER_VARIABLE = "CAAS_HOST_DIR";
    private static final Path PROC = Path.of("/proc");

    private HostProcesses() {
    }

    /** A live process as /proc shows it; zombies are left out, they hold nothing and only wait for a reaper. */
    record ProcessInfo(long pid, long parentPid, String command, String netNamespace, String mountNamespace) {
    }

    /**
     * @param hostNetNamespace the host's network namespace id as recorded at creation ("net:[INODE]"); it still
     *                         identifies the host's processes after /run/netns/NAME is gone
     */
    static Map<Long, ProcessInfo> find(String hostNetNamespace, Path hostDir, Collection<Long> pidFilePids) {
        Map<Long, ProcessInfo> processes = snapshot();
        String marker = MARKER_VARIABLE + "=" + hostDir;

        Set<Long> found = new HashSet<>();
        Set<Long> marked = new HashSet<>();
        for (ProcessInfo process : processes.values()) {
            if (hasMarker(process.pid(), marker)) {
                marked.add(process.pid());
            } else if (hostNetNamespace != null && hostNetNamespace.equals(process.netNamespace())) {
                found.add(process.pid());
            }
        }
        for (long pid : pidFilePids) {
            ProcessInfo process = processes.get(pid);
            if (process != null && mentions(pid, hostDir)) {
                found.add(pid);
            }
        }
        found.addAll(marked);

        // Only the private mount namespaces the host's own (marked) processes made, never the machine's: someone
        // who merely entered the host's netns from a shell must not take the whole machine down with the host.
        Set<String> machineMountNamespaces = new HashSet<>();
        machineMountNamespaces.add(namespace(PROC.resolve("self"), "mnt"));
        machineMountNamespaces.add(namespace(PROC.resolve("1"), "mnt"));
        Set<String> hostMountNamespaces = new HashSet<>();
        for (long pid : marked) {
            String mnt = processes.get(pid).mountNamespace();
            if (mnt != null && !machineMountNamespaces.contains(mnt)) {
                hostMountNamespaces.add(mnt);
            }
        }
        for (ProcessInfo process : processes.values()) {
            if (process.mountNamespace() != null && hostMountNamespaces.contains(process.mountNamespace())) {
                found.add(process.pid());
            }
        }

        Map<Long, List<Long>> children = new HashMap<>();
        for (ProcessInfo process : processes.values()) {
            children.computeIfAbsent(process.parentPid(), p -> new ArrayList<>()).add(process.pid());
        }
        Deque<Long> pending = new ArrayDeque<>(found);
        while (!pending.isEmpty()) {
            for (long child : children.getOrDefault(pending.pop(), List.of())) {
                if (found.add(child)) {
                    pending.push(child);
                }
            }
        }
        found.remove(ProcessHandle.current().pid());
        found.remove(1L);
        Map<Long, ProcessInfo> result = new HashMap<>();
        found.forEach(pid -> result.put(pid, processes.get(pid)));
        return result;
    }

    static Map<Long, ProcessInfo> snapshot() {
        Map<Long, ProcessInfo> processes = new HashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(dir -> read(dir).ifPresent(info -> processes.put(info.pid(), info)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc: " + e.getMessage(), e);
        }
        return processes;
    }

    /** The namespace id ("net:[4026532]") a namespace file such as /run/netns/NAME stands for. */
    static Optional<String> netNamespaceOfFile(Path nsFile) {
        try {
            Object inode = Files.getAttribute(nsFile, "unix:ino");
            return Optional.of("net:[" + inode + "]");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static Optional<ProcessInfo> read(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            // comm sits in parentheses and may itself contain spaces or parentheses: parse from the last ')'
            int close = stat.lastIndexOf(')');
            String command = stat.substring(stat.indexOf('(') + 1, close);
            String[] fields = stat.substring(close + 2).split(" ");
            if (fields[0].equals("Z") || fields[0].equals("X")) {
                return Optional.empty();
            }
            long pid = Long.parseLong(dir.getFileName().toString());
            return Optional.of(new ProcessInfo(pid, Long.parseLong(fields[1]), command,
                    namespace(dir, "net"), namespace(dir, "mnt")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the process ended while we looked
        }
    }

    private static String namespace(Path processDir, String kind) {
        try {
            return Files.readSymbolicLink(processDir.resolve("ns").resolve(kind)).toString();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean mentions(long pid, Path hostDir) {
        try {
            byte[] cmdline = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).contains(hostDir + "/");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasMarker(long pid, String marker) {
        try {
            byte[] environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
            for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
                if (entry.equals(marker)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
