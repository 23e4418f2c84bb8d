package io.caas.api.externalca;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * cfssl's response envelope: {@code {"success":true,"result":{"certificate":"<PEM>"},"errors":[],"messages":[]}}
 * or {@code {"success":false,"result":null,"errors":[{"code":N,"message":"..."}],"messages":[]}}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"success", "result", "errors", "messages"})
record CfsslEnvelope(boolean success, Map<String, String> result, List<Error> errors, List<String> messages) {

    record Error(int code, String message) {
    }

    static CfsslEnvelope signed(String certificatePem) {
        return new CfsslEnvelope(true, Map.of("certificate", certificatePem), List.of(), List.of());
    }

    static CfsslEnvelope failed(int code, String message) {
        return new CfsslEnvelope(false, null, List.of(new Error(code, message)), List.of());
    }
}
