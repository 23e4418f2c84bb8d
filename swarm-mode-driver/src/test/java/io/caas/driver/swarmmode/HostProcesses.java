package io.caas.driver.swarmmode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops a test host's processes (node agent, dockerd, containerd, whatever its bootstrap left) before its directory or
 * namespace goes: a process outlives both, and a dockerd left behind keeps its swarm, ports and mounts for good.
 * Processes are named by pid, and a pid is only trusted while /proc/PID/cmdline still says it is the process meant,
 * so a reused pid is never signalled.
 */
public final class HostProcesses {
    private HostProcesses() {
    }

    /**
     * Stops the process whose pid {@code pidFile} holds if its command line names {@code hostDir} (every engine and
     * agent of a test host is started with paths below it); a missing file or a gone process is nothing to do.
     */
    public static void stopByPidFile(Path pidFile, Path hostDir) throws Exception {
        String text;
        try {
            text = Files.readString(pidFile).strip();
        } catch (NoSuchFileException e) {
            return;
        }
        if (!text.isEmpty() && names(Long.parseLong(text), hostDir)) {
            stop(List.of(Long.parseLong(text)));
        }
    }

    /** Every process whose command line names {@code hostDir}: what a pid file cannot name (not written yet, lost). */
    public static List<Long> naming(Path hostDir) {
        List<Long> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(process -> {
            if (process.pid() != ProcessHandle.current().pid() && names(process.pid(), hostDir)) {
                found.add(process.pid());
            }
        });
        return found;
    }

    /** Whether an argument of the process is {@code dir} or a path below it (host-1 does not name host-10). */
    public static boolean names(long pid, Path dir) {
        String exact = dir.toString();
        String below = exact + "/";
        return arguments(pid).stream().anyMatch(argument -> argument.equals(exact) || argument.endsWith("=" + exact)
                || argument.contains(below));
    }

    /** Every process inside network namespace {@code namespace} (ip netns pids). */
    static List<Long> inNamespace(String namespace) throws Exception {
        Processes.Result result = Processes.run(List.of("ip", "netns", "pids", namespace));
        if (result.exitCode() != 0) {
            return List.of(); // no such namespace: nobody in it
        }
        return result.out().lines().map(String::strip).filter(line -> !line.isEmpty()).map(Long::parseLong).toList();
    }

    /** SIGTERM to each, up to 30 s for all to exit (dockerd stops its containers), then SIGKILL to what is left. */
    public static void stop(List<Long> pids) throws Exception {
        List<ProcessHandle> running = pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
        running.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle process : running) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                process.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
                process.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The arguments of a live process; none once it is gone (or for a kernel thread). */
    static List<String> arguments(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return raw.length == 0 ? List.of() : List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
