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
                    PeerScript.run("keystone-peer.sh", step);
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

    /**
     * A token from a new application credential {@code name} of {@code user} (Keystone does not let such tokens
     * make trusts); {@link #deleteApplicationCredential} removes the credential.
     */
    public static String applicationCredentialToken(IssuedToken user, String name) throws IOException, InterruptedException {
        HttpResponse<String> made = HTTP.send(HttpRequest.newBuilder(URI.create(URL + "/v3/users/" + user.userId()
                        + "/application_credentials")).header("X-Auth-Token", user.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"application_credential\": {\"name\": \"" + name + "\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (made.statusCode() != 201) {
            throw new IllegalStateException("application credential " + name + ": HTTP " + made.statusCode() + " " + made.body());
        }
        JsonNode credential = JSON.readTree(made.body()).path("application_credential");
        String body = """
                {"auth":{"identity":{"methods":["application_credential"],"application_credential":{"id":"%s",\
                "secret":"%s"}}}}""".formatted(credential.path("id").asText(), credential.path("secret").asText());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(URL + "/v3/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("login with application credential " + name + " failed: HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return response.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    public static void deleteApplicationCredential(IssuedToken user, String name) throws IOException, InterruptedException {
        HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(URL + "/v3/users/" + user.userId()
                + "/application_credentials?name=" + name)).header("X-Auth-Token", user.token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode credential : JSON.readTree(found.body()).path("application_credentials")) {
            HTTP.send(HttpRequest.newBuilder(URI.create(URL + "/v3/users/" + user.userId() + "/application_credentials/"
                    + credential.path("id").asText())).header("X-Auth-Token", user.token()).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
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
}
