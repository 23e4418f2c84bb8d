package io.caas.driver.swarmmode;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.core.spi.Host;
import io.caas.core.spi.HostSpec;
import io.caas.provider.heat.HeatApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The test cloud's compute: each server of the real stack (a Nova facade) boots as a namespace host on the address
 * the test's port facade gave it, with exactly the user data Heat handed the server. That user data is Heat's
 * boot-signal fragment followed by caas's bootstrap: the fragment runs on this machine (the test's Heat listens on
 * loopback, which a namespace host cannot reach), the bootstrap runs in the host. A server Heat removed takes its
 * host with it.
 */
public final class HeatServersOnHosts implements AutoCloseable {
    static final String CAAS_PART = "\n#!/usr/bin/env bash\n";
    private static final String LISTING = "(listing the stack's servers)";
    private final HeatApi heat;
    private final String stackName;
    private final String clusterId;
    private final NetnsProvider hosts;
    private final Map<String, Integer> numbers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Host> bootedByServer = new ConcurrentHashMap<>();
    private final Map<String, Integer> roundsMissing = new ConcurrentHashMap<>();
    private final Map<String, String> problemByServer = new ConcurrentHashMap<>();
    final Map<String, String> userDataByName = new ConcurrentHashMap<>();

    HeatServersOnHosts(HeatApi heat, String stackName, String clusterId, NetnsProvider hosts, Map<String, Integer> numbers) {
        this.heat = heat;
        this.stackName = stackName;
        this.clusterId = clusterId;
        this.hosts = hosts;
        this.numbers = numbers;
        timer.scheduleWithFixedDelay(this::round, 300, 300, TimeUnit.MILLISECONDS);
    }

    /**
     * The latest problem per server stack (or with listing them) that is not solved yet: a server that failed to
     * boot or to go is tried again each round, and its entry goes once that succeeds.
     */
    List<String> problems() {
        return problemByServer.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).sorted().toList();
    }

    /** Each server on its own: one that fails to boot or to be removed does not hold up the others. */
    private void round() {
        JsonNode resources;
        try {
            resources = heat.get("/stacks/" + stackName + "/resources?nested_depth=5&type=OS::Nova::Server");
            problemByServer.remove(LISTING);
        } catch (Exception e) {
            if (!String.valueOf(e.getMessage()).contains("HTTP 404")) { // no stack yet, or gone: nothing to boot
                report(LISTING, e);
            }
            return;
        }
        Set<String> present = new HashSet<>();
        for (JsonNode server : resources.path("resources")) {
            if (!"OS::Nova::Server".equals(server.path("resource_type").asText())) {
                continue;
            }
            for (JsonNode link : server.path("links")) {
                String href = link.path("href").asText();
                if (!"nested".equals(link.path("rel").asText())) {
                    continue;
                }
                present.add(href);
                if ("CREATE_COMPLETE".equals(server.path("resource_status").asText()) && !bootedByServer.containsKey(href)) {
                    attempt(href, () -> boot(href));
                }
            }
        }
        // a listing taken while Heat swaps a nested stack may miss a server once: gone is missing three times
        for (String server : Set.copyOf(bootedByServer.keySet())) {
            int missing = present.contains(server) ? 0 : roundsMissing.getOrDefault(server, 0) + 1;
            roundsMissing.put(server, missing);
            if (missing >= 3) {
                attempt(server, () -> {
                    hosts.removeHost(clusterId, bootedByServer.get(server));
                    bootedByServer.remove(server);
                });
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void attempt(String server, Step step) {
        try {
            step.run();
            problemByServer.remove(server);
        } catch (Exception e) {
            report(server, e);
        }
    }

    /** Kept for {@link #problems()} and printed once per new problem (the test's output shows what the cloud did). */
    private void report(String server, Exception e) {
        String problem = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!problem.equals(problemByServer.put(server, problem))) {
            System.err.println("event=test_cloud_server_failed stack=" + stackName + " server=" + server
                    + " problem=\"" + problem + "\"");
        }
    }

    private void boot(String serverStack) throws Exception {
        JsonNode parameters = heat.get(serverStack).path("stack").path("parameters");
        String name = parameters.path("name").asText();
        String userData = parameters.path("user_data").asText();
        userDataByName.put(name, userData);
        int split = userData.indexOf(CAAS_PART);
        if (split < 0 || !numbers.containsKey(name)) {
            throw new IllegalStateException("server " + name + " has no caas bootstrap or no reserved address");
        }
        runHere(userData.substring(0, split + 1));
        bootedByServer.put(serverStack, hosts.createHost(new HostSpec(clusterId, name, null, null, null,
                userData.substring(split + 1)), numbers.get(name)));
    }

    private static void runHere(String script) throws Exception {
        Path file = Files.createTempFile("boot-signal", ".sh");
        try {
            Files.writeString(file, script, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("/bin/bash", file.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("the boot-signal fragment failed");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Stops the rounds, waiting for one under way: a host it is booting is then in the provider for removal. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(3, TimeUnit.MINUTES)) {
                throw new IllegalStateException("a boot round of " + stackName + " did not finish in 3 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the boot round of " + stackName, e);
        }
    }
}
