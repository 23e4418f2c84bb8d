package io.caas.provider.heat;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.api.auth.HeatPeer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every file of heat-templates/ checked by Heat itself: offline by Heat's own template code (Debian python3-heat),
 * shell fragments by shellcheck, and every template accepted by the real Heat API's POST /validate (HEAT-E99001,
 * "service not in the catalog", ignored: this machine has no Nova, Neutron, Octavia or Cinder).
 */
@ExtendWith(HeatPeer.class)
class HeatTemplatesTest {
    private static final Path TEMPLATES = repositoryRoot().resolve("heat-templates");

    @Test
    void heatsOwnTemplateCodeParsesAndValidatesEveryTemplate() throws Exception {
        Path validator = Path.of(HeatTemplatesTest.class.getResource("validate-hot.py").toURI());
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", validator.toString()));
        templates().forEach(t -> command.add(t.toString()));
        Result result = run(command);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok " + TEMPLATES.resolve("swarmcluster.yaml"), "ok " + TEMPLATES.resolve("swarmnode.yaml"));
    }

    @Test
    void theValidatorRejectsABrokenTemplate() throws Exception {
        Path broken = Files.createTempFile("broken", ".yaml");
        Files.writeString(broken, "heat_template_version: 2021-04-16\nresourcez: {}\n");
        Path validator = Path.of(HeatTemplatesTest.class.getResource("validate-hot.py").toURI());
        Result result = run(List.of("/usr/bin/python3", validator.toString(), broken.toString()));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("invalid " + broken, "resourcez");
    }

    @Test
    void everyShellFragmentPassesShellcheck() throws Exception {
        List<Path> fragments;
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            fragments = files.filter(f -> f.toString().endsWith(".sh")).toList();
        }
        assertThat(fragments).isNotEmpty();
        for (Path fragment : fragments) {
            Result result = run(List.of("shellcheck", "-s", "bash", fragment.toString()));
            assertThat(result.exit()).as(fragment + ": " + result.output()).isZero();
        }
    }

    @Test
    void theRealHeatApiAcceptsEveryTemplate() throws Exception {
        HeatApi heat = new HeatApi();
        Map<String, String> files = Map.of(
                "swarmnode.yaml", Files.readString(TEMPLATES.resolve("swarmnode.yaml")),
                "fragments/boot-signal.sh", Files.readString(TEMPLATES.resolve("fragments/boot-signal.sh")));
        for (Path template : templates()) {
            HttpResponse<String> response = heat.post("/validate?ignore_errors=99001",
                    Map.of("template", Files.readString(template), "files", files));
            assertThat(response.statusCode()).as(template + ": " + response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"Parameters\"");
        }
        HttpResponse<String> broken = heat.post("/validate?ignore_errors=99001", Map.of("template",
                "heat_template_version: 2021-04-16\nresources:\n  a: {type: OS::Heat::None, condition: missing}\n"));
        assertThat(broken.statusCode()).isEqualTo(400);
    }

    private static List<Path> templates() throws Exception {
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command) + " did not finish").isTrue();
        return new Result(process.exitValue(), output);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("heat-templates"))) {
                return dir;
            }
        }
        throw new IllegalStateException("heat-templates/ not found above " + Path.of("").toAbsolutePath());
    }
}
