package io.caas.api.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The API reads and writes JSON itself rather than through a Jersey provider, so that every malformed body becomes
 * Magnum's 400 text and every field (null included) is written exactly as the contract lists it.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /** Parses a request body; anything that is not JSON is Magnum's "Request is not in valid JSON format". */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("Request is not in valid JSON format");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Request is not in valid JSON format");
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response body of maps, lists and scalars always serialises", e);
        }
    }

    public static Response ok(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(write(body)).build();
    }

    public static Response ok(Object body) {
        return ok(200, body);
    }
}
