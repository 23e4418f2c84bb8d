package io.caas.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.web.Json;
import java.net.http.HttpHeaders;

/** One HTTP answer: status, headers, raw body and (when it is JSON) the parsed body. */
public record Reply(int status, HttpHeaders headers, String body) {
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + status + "): " + body, e);
        }
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The detail of a Magnum error body. */
    public String detail() {
        return json().get("errors").get(0).get("detail").asText();
    }
}
