package io.caas.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {
    @Test
    void readsEachUnit() {
        assertThat(DurationText.parse("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DurationText.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(DurationText.parse(" 2160h ")).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void addsCombinedParts() {
        assertThat(DurationText.parse("1d12h30m")).isEqualTo(Duration.ofDays(1).plusHours(12).plusMinutes(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "1w", "h", "1.5h", "-1h", "1h foo", "0h"})
    void refusesWhatIsNotAPositiveDuration(String text) {
        assertThatThrownBy(() -> DurationText.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesOverflow() {
        assertThatThrownBy(() -> DurationText.parse("99999999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    }
}
