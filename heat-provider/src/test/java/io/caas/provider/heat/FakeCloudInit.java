package io.caas.provider.heat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What cloud-init does on each new server, for the test cloud's Nova facades: once a server of the stack exists,
 * its user_data (exactly what Heat handed the server: the facade's user_data parameter) runs with bash on this
 * machine. Its first part, heat-templates/fragments/boot-signal.sh, signals the server's wait condition with the
 * handle's real curl command; the caas part of the test user data only records that it ran.
 */
final class FakeCloudInit implements AutoCloseable {
    private final HeatApi heat;
    private final String stackName;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, String> userDataByServer = new ConcurrentHashMap<>();
    private final Map<String, Integer> exitByServer = new ConcurrentHashMap<>();
    private final java.util.Set<String> booted = ConcurrentHashMap.newKeySet();

    FakeCloudInit(HeatApi heat, String stackName) {
        this.heat = heat;
        this.stackName = stackName;
        timer.scheduleWithFixedDelay(this::bootNewServers, 300, 300, TimeUnit.MILLISECONDS);
    }

    /** Server name to the user data it booted with. */
    Map<String, String> userData() {
        return Map.copyOf(userDataByServer);
    }

    Map<String, Integer> exits() {
        return Map.copyOf(exitByServer);
    }

    private void bootNewServers() {
        try {
            // servers only appear while the stack is in progress; the nested listing below is heavy for Heat, and
            // would slow down what the tests time (real cloud-init costs Heat nothing)
            JsonNode stacks = heat.get("/stacks?name=" + stackName).path("stacks");
            if (stacks.isEmpty() || !stacks.get(0).path("stack_status").asText().endsWith("_IN_PROGRESS")) {
                return;
            }
            JsonNode resources = heat.get("/stacks/" + stackName + "/resources?nested_depth=5&type=OS::Nova::Server");
            for (JsonNode server : resources.path("resources")) {
                // the type filter matches prefixes (OS::Nova::ServerGroup too)
                if (!"OS::Nova::Server".equals(server.path("resource_type").asText())
                        || !"CREATE_COMPLETE".equals(server.path("resource_status").asText())) {
                    continue;
                }
                for (JsonNode link : server.path("links")) {
                    // a server is its nested stack: a node removed and added again is a new server of the same name
                    if ("nested".equals(link.path("rel").asText()) && booted.add(link.path("href").asText())) {
                        JsonNode parameters = heat.get(link.path("href").asText()).path("stack").path("parameters");
                        String name = parameters.path("name").asText();
                        userDataByServer.put(name, parameters.path("user_data").asText());
                        exitByServer.put(name, run(parameters.path("user_data").asText()));
                    }
                }
            }
        } catch (Exception e) {
            // the stack may not exist yet or be gone already; the next round asks again
        }
    }

    private static int run(String userData) throws Exception {
        Path script = Files.createTempFile("user-data", ".sh");
        try {
            Files.writeString(script, userData, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("/bin/bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } finally {
            Files.deleteIfExists(script);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
