package io.caas.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playbook for real against this machine (inventory/test-local.ini, caas_test_mode): three caas-api and two
 * conductors from the built caas.jar on 127.0.0.11-13 behind one HAProxy on the VIP 127.0.0.10, the database and
 * vhost on this machine's MariaDB and RabbitMQ. /healthcheck answers through the VIP, also once an API is killed.
 */
class AnsibleTestModeIT {
    private static final Path ANSIBLE = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath().resolve("../ansible").normalize();
    /** caas_test_root in inventory/group_vars/test_mode.yml. */
    private static final Path TEST_ROOT = Path.of("/tmp/caas-test-mode");
    private static final URI VIP = URI.create("http://127.0.0.10:9511");
    private static final int REQUESTS = 30;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * The playbook's processes (pid files of run-in-background and haproxy) go whatever happened, before and after,
     * and so do their pid files: a stale pid may since belong to any process, so only ours are signalled.
     */
    @BeforeEach
    @AfterEach
    void stopWhatThePlaybookStarted() throws Exception {
        List<ProcessHandle> started = new ArrayList<>();
        for (Path pidFile : pidFiles()) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                    .filter(AnsibleTestModeIT::startedByThePlaybook).ifPresent(started::add);
            Files.delete(pidFile);
        }
        started.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : started) {
            try {
                process.onExit().get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                process.destroyForcibly();
            }
        }
    }

    private static boolean startedByThePlaybook(ProcessHandle process) {
        String commandLine = process.info().commandLine().orElse("");
        return commandLine.contains(TEST_ROOT.toString());
    }

    @Test
    void threeApisAndTwoConductorsAnswerThroughHaproxyAndSurviveTheLossOfAnApi() throws Exception {
        String jar = System.getProperty("caas.jar");
        assertThat(jar).as("caas.jar is set by failsafe in caas-server/pom.xml").isNotBlank();

        ExternalCommand.Result run = ExternalCommand.run(ANSIBLE, List.of("ansible-playbook",
                "-i", "inventory/test-local.ini", "site.yml", "-e", "caas_controller_jar_source=" + jar));

        assertThat(run.exitCode()).as(run.output()).isZero();
        HaproxyStats stats = new HaproxyStats(TEST_ROOT.resolve("haproxy/admin.sock"));
        awaitStates(stats, states -> states.size() == 3 && states.values().stream().allMatch("UP"::equals),
                "the three APIs UP");
        assertThat(healthchecksThroughTheVip()).as("/healthcheck answers through HAProxy").containsOnly(200);
        assertThat(conductorStates()).containsExactlyInAnyOrderEntriesOf(
                Map.of("controller-1", "up", "controller-2", "up"));

        Path api2 = TEST_ROOT.resolve("controller-2/run/caas-api.pid");
        ProcessHandle killed = ProcessHandle.of(Long.parseLong(Files.readString(api2).strip())).orElseThrow();
        killed.destroyForcibly();
        killed.onExit().get();

        assertThat(healthchecksThroughTheVip()).as("/healthcheck right after controller-2's API was killed")
                .containsOnly(200);
        awaitStates(stats, states -> states.get("controller-2").startsWith("DOWN"), "controller-2 DOWN");
        assertThat(stats.serverStatus("caas_api_controllers"))
                .containsEntry("controller-1", "UP").containsEntry("controller-3", "UP");
    }

    private List<Integer> healthchecksThroughTheVip() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            statuses.add(http.send(HttpRequest.newBuilder(VIP.resolve("/healthcheck")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        return statuses;
    }

    private Map<String, String> conductorStates() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(VIP.resolve("/v1/mservices"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> states = new HashMap<>();
        for (JsonNode service : new ObjectMapper().readTree(response.body()).path("mservices")) {
            states.put(service.path("host").asText(), service.path("state").asText());
        }
        return states;
    }

    private static void awaitStates(HaproxyStats stats, Predicate<Map<String, String>> expected, String what)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<String, String> states = Map.of();
        while (System.nanoTime() < deadline) {
            states = stats.serverStatus("caas_api_controllers");
            if (expected.test(states)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("HAProxy never showed " + what + "; last: " + states);
    }

    private static List<Path> pidFiles() throws IOException {
        if (!Files.isDirectory(TEST_ROOT)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(TEST_ROOT, 3)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pid")).toList();
        }
    }
}
