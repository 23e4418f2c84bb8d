package io.caas.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ValidatedToken ALICE = new ValidatedToken("u-alice", "alice", "default", "p-a", "tenant-a",
            "default", Set.of("member"), Set.of("r-member"), Instant.parse("2026-11-27T02:48:44Z"),
            Instant.parse("2026-11-27T03:48:44Z"), "audit-1", "audit-0");

    private static RevocationEvent event(String json) throws Exception {
        return new RevocationEvent(JSON.readTree(json));
    }

    @Test
    void aLogoutEventRevokesExactlyTheTokenWithThatAuditId() throws Exception {
        assertThat(event("{\"audit_id\":\"audit-1\",\"issued_before\":\"2026-11-27T02:48:44.000000Z\","
                + "\"revoked_at\":\"2026-11-27T02:48:44.000000Z\"}").matches(ALICE)).isTrue();
        assertThat(event("{\"audit_id\":\"audit-2\",\"issued_before\":\"2026-11-27T02:48:44.000000Z\"}")
                .matches(ALICE)).isFalse();
    }

    @Test
    void aUserEventRevokesOnlyTokensIssuedBeforeIt() throws Exception {
        assertThat(event("{\"user_id\":\"u-alice\",\"issued_before\":\"2026-11-27T02:50:00Z\"}").matches(ALICE)).isTrue();
        assertThat(event("{\"user_id\":\"u-alice\",\"issued_before\":\"2026-11-27T02:40:00Z\"}").matches(ALICE)).isFalse();
        assertThat(event("{\"user_id\":\"u-bob\",\"issued_before\":\"2026-11-27T02:50:00Z\"}").matches(ALICE)).isFalse();
    }

    @Test
    void projectRoleDomainAndChainAttributesMustAllHold() throws Exception {
        assertThat(event("{\"project_id\":\"p-a\",\"role_id\":\"r-member\"}").matches(ALICE)).isTrue();
        assertThat(event("{\"project_id\":\"p-a\",\"role_id\":\"r-admin\"}").matches(ALICE)).isFalse();
        assertThat(event("{\"domain_id\":\"default\"}").matches(ALICE)).isTrue();
        assertThat(event("{\"audit_chain_id\":\"audit-0\"}").matches(ALICE)).isTrue();
        assertThat(event("{\"expires_at\":\"2026-11-27T03:48:44Z\"}").matches(ALICE)).isTrue();
        assertThat(event("{\"expires_at\":\"2026-11-27T04:48:44Z\"}").matches(ALICE)).isFalse();
    }

    @Test
    void attributesACachedValidationCannotCheckCountAsHolding() throws Exception {
        assertThat(event("{\"trust_id\":\"t-1\",\"user_id\":\"u-alice\"}").matches(ALICE)).isTrue();
        assertThat(event("{\"consumer_id\":\"c-1\",\"user_id\":null}").matches(ALICE)).isTrue();
    }
}
