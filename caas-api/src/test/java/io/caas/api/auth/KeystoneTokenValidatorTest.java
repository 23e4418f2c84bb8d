package io.caas.api.auth;

import io.caas.core.config.CaasConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(KeystonePeer.class)
class KeystoneTokenValidatorTest {
    private static final String VALIDATE = "GET /v3/auth/tokens";
    private static final String LOGIN = "POST /v3/auth/tokens";
    private static final String REVOCATIONS = "GET /v3/OS-REVOKE/events";

    private CountingKeystoneProxy keystone;
    private KeystoneTokenValidator validator;

    @BeforeEach
    void proxy() throws Exception {
        keystone = new CountingKeystoneProxy(URI.create(KeystonePeer.URL));
    }

    @AfterEach
    void close() {
        if (validator != null) {
            validator.close();
        }
        keystone.close();
    }

    private KeystoneTokenValidator validator(int tokenCacheTime, Clock clock) {
        return validator(tokenCacheTime, 0, clock);
    }

    private KeystoneTokenValidator validator(int tokenCacheTime, int pollInterval, Clock clock) {
        CaasConfig config = CaasConfig.parse("""
                [keystone_authtoken]
                www_authenticate_uri = %s/v3
                auth_url = %s
                username = caas
                password = caas_pass
                project_name = service
                user_domain_name = Default
                project_domain_name = Default
                token_cache_time = %d
                revocation_poll_interval = %d
                """.formatted(KeystonePeer.URL, keystone.url(), tokenCacheTime, pollInterval), Map.of());
        validator = new KeystoneTokenValidator(KeystoneSettings.from(config), clock).start();
        return validator;
    }

    @Test
    void aValidTokenGivesTheUsersIdentityAndProject() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");

        ValidatedToken validated = validator(300, Clock.systemUTC()).validate(alice.token());

        assertThat(validated.userName()).isEqualTo("alice");
        assertThat(validated.userId()).isEqualTo(alice.userId());
        assertThat(validated.projectName()).isEqualTo("tenant-a");
        assertThat(validated.projectId()).isEqualTo(alice.projectId());
        assertThat(validated.userDomainId()).isEqualTo("default");
        assertThat(validated.roles()).contains("member").doesNotContain("admin");
        assertThat(validated.expiresAt()).isAfter(validated.issuedAt());
    }

    @Test
    void aBogusTokenIsRejected() {
        KeystoneTokenValidator tokens = validator(300, Clock.systemUTC());

        assertThatThrownBy(() -> tokens.validate("gAAAAABbogus-token"))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(keystone.count(VALIDATE)).isEqualTo(1);
    }

    @Test
    void aCachedValidationAsksKeystoneNothing() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        KeystoneTokenValidator tokens = validator(300, Clock.systemUTC());

        tokens.validate(alice.token());
        int loginsAfterFirst = keystone.count(LOGIN);
        for (int i = 0; i < 5; i++) {
            assertThat(tokens.validate(alice.token()).projectId()).isEqualTo(alice.projectId());
        }

        assertThat(keystone.count(VALIDATE)).isEqualTo(1);
        assertThat(loginsAfterFirst).isEqualTo(1);
        assertThat(keystone.count(LOGIN)).isEqualTo(1);
    }

    @Test
    void aValidationIsAskedAgainOnceTokenCacheTimeHasPassed() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        MutableClock clock = new MutableClock(Instant.now());
        KeystoneTokenValidator tokens = validator(30, clock);

        tokens.validate(alice.token());
        clock.advance(Duration.ofSeconds(29));
        tokens.validate(alice.token());
        assertThat(keystone.count(VALIDATE)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        tokens.validate(alice.token());
        assertThat(keystone.count(VALIDATE)).isEqualTo(2);
    }

    @Test
    void aRevokedTokenIsRejectedAfterTheNextRevocationPoll() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        KeystonePeer.IssuedToken bob = KeystonePeer.login("bob", "bob_pass", "tenant-b");
        KeystoneTokenValidator tokens = validator(300, Clock.systemUTC());
        tokens.validate(alice.token());
        tokens.validate(bob.token());

        KeystonePeer.revoke(alice.token());
        int evicted = tokens.pollRevocations();

        assertThat(keystone.count(REVOCATIONS)).isEqualTo(1);
        assertThat(evicted).isEqualTo(1);
        assertThatThrownBy(() -> tokens.validate(alice.token())).isInstanceOf(AuthenticationFailedException.class);
        assertThat(keystone.count(VALIDATE)).isEqualTo(3);
        assertThat(tokens.validate(bob.token()).userName()).isEqualTo("bob");
        assertThat(keystone.count(VALIDATE)).as("bob's validation stayed cached").isEqualTo(3);
    }

    @Test
    @Timeout(30)
    void theBackgroundPollRejectsARevokedTokenWithoutHelp() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        KeystoneTokenValidator tokens = validator(300, 1, Clock.systemUTC());
        tokens.validate(alice.token());

        KeystonePeer.revoke(alice.token());
        int pollsBefore = keystone.count(REVOCATIONS);
        while (keystone.count(REVOCATIONS) < pollsBefore + 2) {
            Thread.sleep(100);
        }

        assertThatThrownBy(() -> tokens.validate(alice.token())).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void withoutCachingARevokedTokenIsRejectedAtOnce() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        KeystoneTokenValidator tokens = validator(0, Clock.systemUTC());
        tokens.validate(alice.token());

        KeystonePeer.revoke(alice.token());

        assertThatThrownBy(() -> tokens.validate(alice.token())).isInstanceOf(AuthenticationFailedException.class);
        assertThat(keystone.count(VALIDATE)).isEqualTo(2);
    }

    @Test
    void anUnreachableKeystoneIsReportedAsUnavailableNotAsABadToken() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        KeystoneTokenValidator tokens = validator(300, Clock.systemUTC());
        keystone.close();

        assertThatThrownBy(() -> tokens.validate(alice.token()))
                .isInstanceOf(IdentityUnavailableException.class)
                .hasMessageContaining("does not answer");
    }

    @Test
    void wrongServiceCredentialsAreReportedWithTheSettingToCheck() throws Exception {
        KeystonePeer.IssuedToken alice = KeystonePeer.login("alice", "alice_pass", "tenant-a");
        CaasConfig config = CaasConfig.parse("""
                [keystone_authtoken]
                auth_url = %s/v3/
                username = caas
                password = wrong
                """.formatted(keystone.url()), Map.of());
        validator = new KeystoneTokenValidator(KeystoneSettings.from(config), Clock.systemUTC());

        assertThatThrownBy(() -> validator.validate(alice.token()))
                .isInstanceOf(IdentityUnavailableException.class)
                .hasMessageContaining("[keystone_authtoken] username, password");
    }
}
