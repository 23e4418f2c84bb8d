package io.caas.api.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationCacheTest {
    private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

    private static ValidatedToken expiringAt(Instant expiresAt) {
        return new ValidatedToken("u", "alice", "default", "p", "tenant-a", "default", Set.of("member"),
                Set.of("r"), NOW.minusSeconds(60), expiresAt, "a", "a");
    }

    @Test
    void anEntryLivesUntilTheCacheTimeWhenTheTokenOutlivesIt() {
        MutableClock clock = new MutableClock(NOW);
        ValidationCache cache = new ValidationCache(clock, Duration.ofSeconds(300));
        cache.put("t", expiringAt(NOW.plusSeconds(3600)));

        clock.advance(Duration.ofSeconds(299));
        assertThat(cache.get("t")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("t")).isEmpty();
    }

    @Test
    void anEntryDiesWithItsTokenWhenTheTokenExpiresFirst() {
        MutableClock clock = new MutableClock(NOW);
        ValidationCache cache = new ValidationCache(clock, Duration.ofSeconds(300));
        cache.put("t", expiringAt(NOW.plusSeconds(10)));

        clock.advance(Duration.ofSeconds(10));
        assertThat(cache.get("t")).isEmpty();
    }

    @Test
    void aZeroCacheTimeKeepsNothingAndEvictionPicksByPredicate() {
        ValidationCache none = new ValidationCache(new MutableClock(NOW), Duration.ZERO);
        none.put("t", expiringAt(NOW.plusSeconds(3600)));
        assertThat(none.get("t")).isEmpty();

        ValidationCache cache = new ValidationCache(new MutableClock(NOW), Duration.ofSeconds(300));
        cache.put("t1", expiringAt(NOW.plusSeconds(3600)));
        cache.put("t2", expiringAt(NOW.plusSeconds(1800)));
        assertThat(cache.evict(v -> v.expiresAt().equals(NOW.plusSeconds(1800)))).isEqualTo(1);
        assertThat(cache.get("t1")).isPresent();
        assertThat(cache.get("t2")).isEmpty();
    }
}
