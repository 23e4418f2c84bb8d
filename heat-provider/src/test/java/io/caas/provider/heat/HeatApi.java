package io.caas.provider.heat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.api.auth.HeatPeer;
import io.caas.api.auth.KeystonePeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The real Heat API as a Keystone user (caas's service user by default) sees it, for what tests check beside the provider. */
public final class HeatApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final KeystonePeer.IssuedToken token;

    public HeatApi() throws Exception {
        this("caas", "caas_pass", "service");
    }

    /** Heat as another Keystone user sees it, in {@code project} (a tenant whose stacks caas makes through a trust). */
    public HeatApi(String user, String password, String project) throws Exception {
        this.token = KeystonePeer.login(user, password, project);
    }

    public String projectId() {
        return token.projectId();
    }

    public String projectUrl() {
        return HeatPeer.orchestrationUrl(token.projectId());
    }

    /** GET on a path below the project's URL, or on an absolute URL Heat handed out. */
    public JsonNode get(String pathOrUrl) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
    }

    /** POST, answering the status code and the body. */
    public HttpResponse<String> post(String pathOrUrl, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(pathOrUrl)).header("X-Auth-Token", token.token())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** DELETE, expecting Heat to accept it (204). */
    public void delete(String pathOrUrl) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(pathOrUrl)).header("X-Auth-Token", token.token())
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("Heat answered HTTP " + response.statusCode() + " to DELETE: " + response.body());
        }
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.header("X-Auth-Token", token.token())
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Heat answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : projectUrl() + pathOrUrl);
    }
}
