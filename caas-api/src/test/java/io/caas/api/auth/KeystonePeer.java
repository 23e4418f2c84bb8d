package io.caas.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real Keystone of scripts/keystone-peer.sh (install, start, seed), brought up once per test JVM. A test
 * using it fails, never skips, when Keystone cannot be installed or started.
 */
public final class KeystonePeer implements BeforeAllCallback {
    public static final String URL = "http://127.0.0.1:"
            + System.getenv().getOrDefault("CAAS_KEYSTONE_PORT", "5000");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static boolean started;

    /** A token Keystone issued, with the project it is scoped to. */
    public record IssuedToken(String token, String projectId, String userId) {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (KeystonePeer.class) {
            if (!started) {
                for (String step : new String[] {"install", "start", "seed"}) {
                    run(step);
                }
                started = true;
            }
        }
    }

    public static IssuedToken login(String user, String password, String project) throws IOException, InterruptedException {
        String body = """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"id":"default"},\
                "password":"%s"}}},"scope":{"project":{"name":"%s","domain":{"id":"default"}}}}}"""
                .formatted(user, password, project);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(URL + "/v3/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("login of " + user + " failed: HTTP " + response.statusCode()
                    + " " + response.body());
        }
        JsonNode token = JSON.readTree(response.body()).path("token");
        return new IssuedToken(response.headers().firstValue("X-Subject-Token").orElseThrow(),
                token.path("project").path("id").asText(), token.path("user").path("id").asText());
    }

    /** Revokes a token as its owner does on logout: DELETE /v3/auth/tokens. */
    public static void revoke(String token) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(URL + "/v3/auth/tokens"))
                .header("X-Auth-Token", token).header("X-Subject-Token", token)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("revocation failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private static void run(String step) throws IOException, InterruptedException {
        Path script = script();
        Path log = Files.createTempFile("keystone-peer-" + step, ".log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(script.toString(), step)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " " + step + " did not finish in 20 minutes; see " + log);
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(script + " " + step + " failed (exit " + process.exitValue()
                    + "); output:\n" + output);
        }
        System.out.printf("keystone-peer %s took %d ms%n%s%n", step,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), output);
    }

    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/keystone-peer.sh");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/keystone-peer.sh not found above " + Path.of("").toAbsolutePath());
    }
}
