package io.caas.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real clients a tenant runs: Debian's openstack CLI (with the Magnum plugin) and docker's CLI. */
final class Cli {
    static final Path OPENSTACK = Path.of("/usr/bin/openstack");
    static final Path DOCKER = Path.of("/usr/bin/docker");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        Run ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + ": " + err + out);
            }
            return this;
        }
    }

    private final Path home;
    private final List<String> authArguments;

    /** The CLI without Keystone (--os-auth-type none) on the API at {@code apiPort}: a noauth caas. */
    Cli(Path home, int apiPort) {
        this(home, List.of("--os-auth-type", "none", "--os-endpoint", "http://127.0.0.1:" + apiPort + "/v1"));
    }

    /**
     * The CLI as a Keystone user logging in with its password, as a tenant does; the Magnum plugin takes caas's
     * endpoint from the catalog of {@code region} (a {@link CatalogRegion}); other services need
     * {@code --os-region-name RegionOne} among the arguments (the last one given wins).
     */
    static Cli keystoneUser(Path home, String user, String password, String project, String region) {
        return new Cli(home, List.of("--os-auth-url", io.caas.api.auth.KeystonePeer.URL + "/v3", "--os-username", user,
                "--os-password", password, "--os-project-name", project, "--os-user-domain-name", "Default",
                "--os-project-domain-name", "Default", "--os-region-name", region));
    }

    private Cli(Path home, List<String> authArguments) {
        this.home = home;
        this.authArguments = authArguments;
        if (!Files.isExecutable(OPENSTACK) || !Files.isExecutable(DOCKER)) {
            throw new AssertionError("Need " + OPENSTACK + " (python3-openstackclient, python3-magnumclient) and " + DOCKER
                    + " (docker.io): scripts/test.sh installs them");
        }
    }

    Run openstack(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(OPENSTACK.toString()));
        command.addAll(authArguments);
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    Run docker(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(DOCKER.toString()));
        command.addAll(List.of(args));
        return run(command, environment);
    }

    private Run run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("HOME", home.toString());
        builder.environment().put("SHELL", "/bin/bash");
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 180 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
