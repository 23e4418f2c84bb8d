package io.caas.driver.swarmmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDataRendererTest {
    private static final String UUID = "3f1c2a9e-5b7d-4c1e-9a2b-0d6e8f7a1b2c";
    private static final String ROOT_PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake+/=\n-----END CERTIFICATE-----";

    @TempDir
    Path dir;

    private final UserDataRenderer renderer = new UserDataRenderer();

    private static Map<String, String> hostileLabels(Path marker) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("a.subst", "$(touch " + marker + ")");
        labels.put("b.quote", "'; touch " + marker + "; echo '");
        labels.put("c.backtick", "`touch " + marker + "`");
        labels.put("d.rm", "'; rm -rf /");
        labels.put("e.mixed", "\"${HOME}\" \\ \n second line \t tab ' \" ! * ? [x] ~ # ; | & < >");
        labels.put("f.unicode", "naïve – 日本語");
        labels.put("g.empty", "");
        return labels;
    }

    private NodeBootstrapParameters parameters(Map<String, String> labels, String token) {
        return new NodeBootstrapParameters("http://198.18.3.1:9511", "", UUID, "prod-default-worker-3", "worker",
                false, token, ROOT_PEM, 2376, labels);
    }

    private Path write(String userData) throws Exception {
        Path file = dir.resolve("user-data.sh");
        Files.writeString(file, userData, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void renderedUserDataPassesBashSyntaxCheckAndShellcheck() throws Exception {
        Path file = write(renderer.render(parameters(hostileLabels(dir.resolve("pwned")), "tok'en$(id)")));

        Processes.Result syntax = Processes.run(List.of("bash", "-n", file.toString()));
        assertThat(syntax.exitCode()).as(syntax.stderr()).isZero();

        Processes.Result lint = Processes.run(List.of(Processes.require("shellcheck"), "-s", "bash", file.toString()));
        assertThat(lint.exitCode()).as(lint.out()).isZero();
    }

    @Test
    void hostileValuesArriveByteIdenticalAndInertWhenSourced() throws Exception {
        Path marker = dir.resolve("pwned");
        Map<String, String> labels = hostileLabels(marker);
        String token = "s3cr'et\"$(touch " + marker + ")";
        Path file = write(renderer.render(parameters(labels, token)));

        Processes.Result sourced = Processes.run(List.of("bash", "-c",
                "source \"$1\" && printf '%s\\0' \"$NODE_TOKEN\" \"$CLUSTER_ROOT_CA\" \"$CAAS_API_CA\" \"${ENGINE_LABELS[@]}\"",
                "test", file.toString()));

        assertThat(sourced.exitCode()).as(sourced.stderr()).isZero();
        List<String> expected = new ArrayList<>(List.of(token, ROOT_PEM, ""));
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(label -> expected.add(label.getKey() + "=" + label.getValue()));
        assertThat(sourced.stdout()).isEqualTo((String.join("\0", expected) + "\0").getBytes(StandardCharsets.UTF_8));
        assertThat(marker).doesNotExist();
    }

    @Test
    void sourcingDefinesTheStepsWithoutRunningThem() throws Exception {
        Path file = write(renderer.render(parameters(Map.of(), "token")));

        Processes.Result sourced = Processes.run(List.of("bash", "-c",
                "CAAS_HOST_DIR=\"$2\" source \"$1\" && declare -F main init_swarm join_swarm >/dev/null && echo defined",
                "test", file.toString(), dir.resolve("host").toString()));

        assertThat(sourced.out()).isEqualTo("defined\n");
        assertThat(dir.resolve("host")).doesNotExist();
    }

    @Test
    void theFirstManagerInitsAndEveryOtherNodeJoins() {
        String init = renderer.render(new NodeBootstrapParameters("http://198.18.3.1:9511", "", UUID, "prod-m-0",
                "manager", true, "t", ROOT_PEM, 2376, Map.of()));
        String join = renderer.render(parameters(Map.of(), "t"));

        assertThat(init).contains("    SWARM_ACTION='init'\n").contains("    NODE_ROLE='manager'\n");
        assertThat(join).contains("    SWARM_ACTION='join'\n").contains("    NODE_ROLE='worker'\n");
    }

    @Test
    void refusesNamesAndLabelKeysThatAreNotSafeIdentifiers() {
        assertThatThrownBy(() -> new NodeBootstrapParameters("http://198.18.3.1:9511", "", UUID, "Node;reboot",
                "worker", false, "t", ROOT_PEM, 2376, Map.of()))
                .hasMessageContaining("node name 'Node;reboot' is not a DNS label");
        assertThatThrownBy(() -> parameters(Map.of("bad key$(x)", "v"), "t"))
                .hasMessageContaining("label key 'bad key$(x)'");
        assertThatThrownBy(() -> new NodeBootstrapParameters("http://x/$(id)", "", UUID, "n1", "worker",
                false, "t", ROOT_PEM, 2376, Map.of()))
                .hasMessageContaining("caas URL");
    }

    @Test
    void refusesNulBecauseBashCannotHoldIt() {
        assertThatThrownBy(() -> renderer.render(parameters(Map.of("k", "a\0b"), "t")))
                .hasMessageContaining("NUL");
    }
}
