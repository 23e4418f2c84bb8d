package io.caas.api.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Validates user tokens against Keystone as keystonemiddleware's auth_token does: caas logs in as its own
 * service user and asks {@code GET /v3/auth/tokens} with X-Auth-Token (its token) and X-Subject-Token (the
 * user's). A valid answer is reused until the token expires or token_cache_time passes.
 *
 * <p>Revocation: every revocation_poll_interval the validator fetches {@code GET /v3/OS-REVOKE/events} and
 * drops the cached validations the events match, so a revoked token stops working within that interval
 * (10 s by default) rather than within token_cache_time (300 s). Events are asked for since the previous
 * poll minus {@link #EVENT_OVERLAP}: this absorbs clock skew between caas and Keystone, and a validation
 * that was in flight while the token was revoked is caught by the next poll. With polling off (0), the
 * bound is token_cache_time.
 */
public final class KeystoneTokenValidator implements AutoCloseable {
    static final Duration EVENT_OVERLAP = Duration.ofSeconds(60);
    private static final Duration SERVICE_TOKEN_MARGIN = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(KeystoneTokenValidator.class);

    private final KeystoneSettings settings;
    private final KeystoneIdentityApi keystone;
    private final ValidationCache cache;
    private final Clock clock;
    private final ScheduledExecutorService poller;
    private final Object pollLock = new Object();
    private KeystoneIdentityApi.IssuedToken serviceToken;
    private Instant eventsSince;

    public KeystoneTokenValidator(KeystoneSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.keystone = new KeystoneIdentityApi(settings.identityV3(), settings.httpTimeout());
        this.cache = new ValidationCache(clock, settings.tokenCacheTime());
        this.eventsSince = clock.instant().minus(EVENT_OVERLAP);
        this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "keystone-revocation-poll");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the revocation poll when revocation_poll_interval is not 0. */
    public KeystoneTokenValidator start() {
        long interval = settings.revocationPollInterval().toMillis();
        if (interval > 0) {
            poller.scheduleWithFixedDelay(this::pollRevocationsQuietly, interval, interval, TimeUnit.MILLISECONDS);
        }
        LOG.info("keystone token validation ready {}", settings);
        return this;
    }

    public ValidatedToken validate(String userToken) throws AuthenticationFailedException, IdentityUnavailableException {
        Optional<ValidatedToken> cached = cache.get(userToken);
        if (cached.isPresent()) {
            return cached.get();
        }
        ValidatedToken validated = askKeystone(userToken)
                .orElseThrow(() -> new AuthenticationFailedException("Keystone does not accept the token"));
        cache.put(userToken, validated);
        return validated;
    }

    /** Fetches recent revocation events and drops the cached validations they revoke; returns how many. */
    public int pollRevocations() throws IdentityUnavailableException {
        synchronized (pollLock) {
            return pollRevocationsSinceLastPoll();
        }
    }

    private int pollRevocationsSinceLastPoll() throws IdentityUnavailableException {
        Instant pollStarted = clock.instant();
        List<RevocationEvent> events;
        try {
            events = keystone.revocationEvents(serviceToken(false), eventsSince);
        } catch (KeystoneIdentityApi.ServiceTokenRejected e) {
            try {
                events = keystone.revocationEvents(serviceToken(true), eventsSince);
            } catch (KeystoneIdentityApi.ServiceTokenRejected again) {
                throw new IdentityUnavailableException("Keystone rejects a fresh service token; check the service user");
            }
        }
        int evicted = 0;
        for (RevocationEvent event : events) {
            evicted += cache.evict(event::matches);
        }
        eventsSince = pollStarted.minus(EVENT_OVERLAP);
        if (evicted > 0) {
            LOG.info("revocation poll events={} evicted_validations={}", events.size(), evicted);
        }
        return evicted;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private void pollRevocationsQuietly() {
        try {
            pollRevocations();
        } catch (IdentityUnavailableException | RuntimeException e) {
            LOG.warn("revocation poll failed, cached validations stay valid for at most token_cache_time={}s: {}",
                    settings.tokenCacheTime().toSeconds(), e.getMessage());
        }
    }

    private Optional<ValidatedToken> askKeystone(String userToken) throws IdentityUnavailableException {
        try {
            return keystone.validate(serviceToken(false), userToken);
        } catch (KeystoneIdentityApi.ServiceTokenRejected e) {
            try {
                return keystone.validate(serviceToken(true), userToken);
            } catch (KeystoneIdentityApi.ServiceTokenRejected again) {
                throw new IdentityUnavailableException("Keystone rejects a freshly issued service token of user '"
                        + settings.username() + "'; check its role assignments");
            }
        }
    }

    private synchronized String serviceToken(boolean forceNew) throws IdentityUnavailableException {
        if (forceNew || serviceToken == null
                || !clock.instant().plus(SERVICE_TOKEN_MARGIN).isBefore(serviceToken.expiresAt())) {
            serviceToken = keystone.passwordLogin(settings);
            LOG.info("keystone service login user={} project={} expires_at={}",
                    settings.username(), settings.projectName(), serviceToken.expiresAt());
        }
        return serviceToken.token();
    }
}
