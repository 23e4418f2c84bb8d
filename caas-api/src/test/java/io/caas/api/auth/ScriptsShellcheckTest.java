package io.caas.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * scripts/ (the peers the tests start, test.sh, caas-dev, and the lib/ files they source) passes shellcheck, following
 * each `source` into lib/ as it is sourced at run time.
 */
class ScriptsShellcheckTest {

    @Test
    void everyScriptAndLibraryPassesShellcheck() throws Exception {
        Path scripts = scriptsDir();
        List<String> command = new ArrayList<>(List.of(shellcheck(), "--external-sources", "--shell=bash"));
        try (Stream<Path> files = Files.walk(scripts)) {
            files.filter(Files::isRegularFile).filter(ScriptsShellcheckTest::isBash)
                    .forEach(file -> command.add(scripts.relativize(file).toString()));
        }
        assertThat(command).contains("keystone-peer.sh", "heat-peer.sh", "lib/services.sh", "lib/openstack-peer.sh");

        Process process = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static boolean isBash(Path file) {
        try {
            return Files.readString(file).startsWith("#!") && Files.readAllLines(file).get(0).contains("bash");
        } catch (Exception e) {
            return false; // not text: not a script
        }
    }

    private static String shellcheck() {
        Path binary = Path.of("/usr/bin/shellcheck");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("shellcheck is missing: scripts/test.sh installs it (Debian package shellcheck)");
        }
        return binary.toString();
    }

    private static Path scriptsDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("scripts").resolve("keystone-peer.sh"))) {
                return dir.resolve("scripts");
            }
        }
        throw new AssertionError("scripts/ not found above " + Path.of("").toAbsolutePath());
    }
}
