package io.caas.api.externalca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body swarm POSTs to {@code /api/v1/cfssl/sign}. Only what caas decides on is read; the rest
 * ({@code label}, {@code crl_override}, {@code extensions}, empty C/ST/L names) is ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CfsslSignRequest(List<String> hosts, @JsonProperty("certificate_request") String certificateRequest,
                        Subject subject, String profile) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Subject(@JsonProperty("CN") String commonName, List<Name> names) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Name(@JsonProperty("O") String organization, @JsonProperty("OU") String organizationalUnit) {
    }
}
