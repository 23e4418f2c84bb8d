package io.caas.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Successful validations, kept until the token expires or {@code maxAge} passes, whichever comes first.
 * Keys are SHA-256 digests so that the map never holds a usable token.
 */
final class ValidationCache {
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(ValidatedToken token, Instant validUntil) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration maxAge;

    ValidationCache(Clock clock, Duration maxAge) {
        this.clock = clock;
        this.maxAge = maxAge;
    }

    Optional<ValidatedToken> get(String token) {
        String key = digest(token);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.validUntil())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.token());
    }

    void put(String token, ValidatedToken validated) {
        if (maxAge.isZero()) {
            return;
        }
        Instant now = clock.instant();
        Instant validUntil = now.plus(maxAge);
        if (validated.expiresAt().isBefore(validUntil)) {
            validUntil = validated.expiresAt();
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> !now.isBefore(e.validUntil()));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(digest(token), new Entry(validated, validUntil));
    }

    /** Drops the validations the predicate picks; returns how many. */
    int evict(Predicate<ValidatedToken> revoked) {
        int before = entries.size();
        entries.values().removeIf(e -> revoked.test(e.token()));
        return before - entries.size();
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
