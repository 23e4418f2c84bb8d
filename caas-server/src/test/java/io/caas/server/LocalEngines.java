package io.caas.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.driver.swarmmode.HostProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Kills and restarts the dockerd of a local-provider host, as a crash and a reboot would: the engine is killed by the
 * pid in the host's docker.pid (only while /proc says that pid is the host's dockerd) and started again with the
 * arguments it had, inside the host's namespaces through the provider's own enter-host.sh, so its swarm state (and,
 * with autolock, its locked raft) survives. Also reads the hosts' records (host.json) the provider keeps.
 */
final class LocalEngines {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path localStateDir;

    /** @param localStateDir the local provider's state directory ([providers] local_state_dir) */
    LocalEngines(Path localStateDir) {
        this.localStateDir = localStateDir;
    }

    /** SIGKILLs the host's engine, keeping its command line for {@link #start}. */
    void kill(String hostName) throws Exception {
        Path hostDir = hostDir(hostName);
        long pid = Long.parseLong(Files.readString(hostDir.resolve("docker.pid")).strip());
        if (!HostProcesses.names(pid, hostDir)) {
            throw new AssertionError("docker.pid of " + hostName + " names pid " + pid + ", which is not the dockerd of "
                    + hostDir + " (gone, or the pid was reused); see " + hostDir.resolve("dockerd.log"));
        }
        Files.write(hostDir.resolve("dockerd.args"), Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")));
        ProcessHandle engine = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no dockerd " + pid + " in " + hostDir));
        engine.destroyForcibly();
        engine.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Starts the engine {@link #kill} stopped and waits until it has written its new pid. */
    void start(String hostName) throws Exception {
        Path hostDir = hostDir(hostName);
        String oldPid = Files.readString(hostDir.resolve("docker.pid")).strip();
        JsonNode host = JSON.readTree(hostDir.resolve("host.json").toFile());
        Path script = hostDir.resolve("restart-engine.sh");
        copyResource("/io/caas/server/restart-engine.sh", script);
        Path enterHost = hostDir.resolve("enter-host.sh");
        copyResource("/io/caas/conductor/provider/local/enter-host.sh", enterHost);
        ProcessBuilder builder = new ProcessBuilder("setsid", "/bin/bash", enterHost.toString(),
                "/run/netns/" + host.get("netns").asText(), hostDir.toString(), hostName, script.toString());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME", hostDir.toString(), "CAAS_HOST_DIR", hostDir.toString()));
        Process process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(hostDir.resolve("restart.log").toFile())).start();
        if (process.waitFor() != 0) {
            throw new AssertionError("restarting the engine of " + hostName + " failed: " + Files.readString(hostDir.resolve("restart.log")));
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(hostDir.resolve("docker.pid"))
                || Files.readString(hostDir.resolve("docker.pid")).strip().equals(oldPid)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the engine of " + hostName + " did not start again; see " + hostDir.resolve("dockerd.log"));
            }
            Thread.sleep(100);
        }
    }

    /** The directory of the host called {@code hostName}, found by its host.json. */
    Path hostDir(String hostName) throws IOException {
        for (Path record : hostRecordFiles()) {
            if (hostName.equals(JSON.readTree(record.toFile()).path("name").asText())) {
                return record.getParent();
            }
        }
        throw new AssertionError("no local host called " + hostName + " under " + localStateDir);
    }

    /** Every host's record (name, role, flavor, address, ...) of every cluster. */
    List<JsonNode> hostRecords() throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (Path record : hostRecordFiles()) {
            records.add(JSON.readTree(record.toFile()));
        }
        return records;
    }

    private List<Path> hostRecordFiles() throws IOException {
        try (Stream<Path> records = Files.find(localStateDir.resolve("clusters"), 4,
                (path, attributes) -> path.getFileName().toString().equals("host.json"))) {
            return records.toList();
        }
    }

    /** The swarm node certificate the host's engine holds now, PEM. */
    Path nodeCertificate(String hostName) throws IOException {
        return hostDir(hostName).resolve("data/swarm/certificates/swarm-node.crt");
    }

    private static void copyResource(String resource, Path target) throws IOException {
        try (InputStream in = LocalEngines.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError(resource + " is not on the test class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
