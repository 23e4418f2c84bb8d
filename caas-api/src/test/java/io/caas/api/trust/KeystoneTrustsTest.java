package io.caas.api.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caas.api.auth.HeatPeer;
import io.caas.api.auth.KeystonePeer;
import io.caas.core.config.CaasConfig;
import io.caas.core.trust.ClusterTrust;
import io.caas.core.trust.KeystoneTrusts;
import io.caas.core.trust.TrustException;
import io.caas.core.trust.TrustSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trust client against the real Keystone of scripts/keystone-peer.sh (trustee domain from keystone-seed.py) and
 * the real Heat: the trustee and trust it makes for alice, the trust-scoped token acting as alice in tenant-a (Heat
 * lists that project's stacks with it), delete removing both (twice is fine), and the refusals: a token Keystone does
 * not accept for delegation (an application credential's), roles the caller does not hold, a wrong domain admin
 * password. A refused trust leaves no trustee user behind.
 */
@ExtendWith(HeatPeer.class)
class KeystoneTrustsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static CaasConfig config() {
        return CaasConfig.empty().with("keystone_authtoken", "auth_url", KeystonePeer.URL)
                .with("trust", "trustee_domain_name", "caas_trustees")
                .with("trust", "trustee_domain_admin_name", "caas_trustee_domain_admin")
                .with("trust", "trustee_domain_admin_password", "caas_trustee_domain_pass");
    }

    private static KeystoneTrusts trusts(CaasConfig config) {
        return new KeystoneTrusts(TrustSettings.from(config).orElseThrow());
    }

    @Test
    void aTrustActsAsItsTrustorOnTheProjectUntilDeleted() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        KeystoneTrusts trusts = trusts(config());
        String cluster = UUID.randomUUID().toString();

        ClusterTrust trust = trusts.create(alice.token(), alice.userId(), alice.projectId(), Set.of("member", "reader"), cluster);
        try {
            actsAsAliceUntilDeleted(trusts, trust, alice, cluster);
        } finally {
            trusts.delete(trust);
        }
    }

    private static void actsAsAliceUntilDeleted(KeystoneTrusts trusts, ClusterTrust trust, KeystonePeer.IssuedToken alice,
                                                String cluster) throws Exception {
        String admin = KeystonePeer.login("admin", "admin_pass", "admin").token();
        JsonNode trustee = keystone(admin, "GET", "/v3/users/" + trust.trusteeUserId(), 200).path("user");
        assertThat(trustee.path("name").asText()).isEqualTo("caas-" + cluster);
        assertThat(trustee.path("domain_id").asText()).isEqualTo(trusteeDomainId(admin));
        JsonNode shown = keystone(admin, "GET", "/v3/OS-TRUST/trusts/" + trust.trustId(), 200).path("trust");
        assertThat(shown.path("trustor_user_id").asText()).isEqualTo(alice.userId());
        assertThat(shown.path("trustee_user_id").asText()).isEqualTo(trust.trusteeUserId());
        assertThat(shown.path("project_id").asText()).isEqualTo(alice.projectId());
        assertThat(shown.path("impersonation").asBoolean()).isTrue();
        assertThat(shown.path("redelegation_count").asInt()).as("allow_redelegation: Heat makes its trust from this one")
                .isPositive();
        assertThat(trust.toString()).doesNotContain(trust.trusteePassword());

        KeystoneTrusts.IssuedToken scoped = trusts.trustScopedToken(trust);
        JsonNode token = JSON.readTree(scoped.body()).path("token");
        assertThat(token.path("user").path("id").asText()).as("impersonation: the token is alice's").isEqualTo(alice.userId());
        assertThat(token.path("project").path("id").asText()).isEqualTo(alice.projectId());
        assertThat(token.path("OS-TRUST:trust").path("id").asText()).isEqualTo(trust.trustId());
        HttpResponse<String> stacks = send(scoped.id(), "GET", HeatPeer.orchestrationUrl(alice.projectId()) + "/stacks", null);
        assertThat(stacks.statusCode()).as(stacks.body()).isEqualTo(200);

        trusts.delete(trust);
        keystone(admin, "GET", "/v3/users/" + trust.trusteeUserId(), 404);
        keystone(admin, "GET", "/v3/OS-TRUST/trusts/" + trust.trustId(), 404);
        assertThatThrownBy(() -> trusts.trustScopedToken(trust)).isInstanceOf(TrustException.class)
                .hasMessageContaining("Keystone refused the trustee " + trust.trusteeUserId());
    }

    @Test
    void aTokenThatMayNotDelegateIsRefusedAndLeavesNoTrustee() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        String name = "caas-test-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            String appToken = KeystonePeer.applicationCredentialToken(alice, name);
            String cluster = UUID.randomUUID().toString();
            assertThatThrownBy(() -> trusts(config()).create(appToken, alice.userId(), alice.projectId(), Set.of("member"),
                    cluster)).isInstanceOfSatisfying(TrustException.class, e -> {
                        assertThat(e.callerRefused()).isTrue();
                        assertThat(e.getMessage()).contains("Keystone refused the trust from user " + alice.userId())
                                .contains("HTTP 403").contains("create the cluster with a project-scoped token of your own");
                    });
            assertNoTrustee(cluster);
        } finally {
            KeystonePeer.deleteApplicationCredential(alice, name);
        }
    }

    @Test
    void rolesTheCallerDoesNotHoldAreRefusedAndLeaveNoTrustee() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        String cluster = UUID.randomUUID().toString();
        KeystoneTrusts adminRoles = trusts(config().with("trust", "roles", "admin"));
        assertThatThrownBy(() -> adminRoles.create(alice.token(), alice.userId(), alice.projectId(), Set.of("member"), cluster))
                .isInstanceOfSatisfying(TrustException.class, e -> {
                    assertThat(e.callerRefused()).isTrue();
                    assertThat(e.getMessage()).contains("with roles [admin]");
                });
        assertNoTrustee(cluster);
    }

    @Test
    void aWrongDomainAdminPasswordIsTheOperatorsToFix() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        KeystoneTrusts wrong = trusts(config().with("trust", "trustee_domain_admin_password", "not-the-password"));
        assertThatThrownBy(() -> wrong.create(alice.token(), alice.userId(), alice.projectId(), Set.of("member"),
                UUID.randomUUID().toString())).isInstanceOfSatisfying(TrustException.class, e -> {
                    assertThat(e.callerRefused()).isFalse();
                    assertThat(e.getMessage()).contains("log in as [trust] trustee_domain_admin_name caas_trustee_domain_admin")
                            .contains("HTTP 401").contains("check the [trust] section");
                });
    }

    private static void assertNoTrustee(String cluster) throws Exception {
        String admin = KeystonePeer.login("admin", "admin_pass", "admin").token();
        assertThat(keystone(admin, "GET", "/v3/users?name=caas-" + cluster + "&domain_id=" + trusteeDomainId(admin), 200)
                .path("users")).as("trustee users left for cluster " + cluster).isEmpty();
    }

    private static String trusteeDomainId(String admin) throws Exception {
        return keystone(admin, "GET", "/v3/domains?name=caas_trustees", 200).path("domains").path(0).path("id").asText();
    }

    private static JsonNode keystone(String token, String method, String path, int expected) throws Exception {
        return keystone(token, method, path, null, expected);
    }

    private static JsonNode keystone(String token, String method, String path, Object body, int expected) throws Exception {
        HttpResponse<String> response = send(token, method, KeystonePeer.URL + path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String token, String method, String url, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
