package io.caas.provider.heat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the stack watch asks Heat at its short cadence, on a fixed clock. */
class WatchCadenceTest {
    private static final Instant SENT = Instant.parse("2026-01-01T10:00:00Z");
    private final WatchCadence cadence = new WatchCadence(Duration.ofSeconds(1));

    @Test
    void theShortCadenceIsAFifthOfTheIntervalAndNeverUnder100Ms() {
        assertThat(cadence.shortInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(new WatchCadence(Duration.ofMillis(300)).shortInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theFirstStackOfAFreshWatchIsDueFromTheStart() {
        WatchCadence.Started create = new WatchCadence.Started("CREATE", SENT);

        assertThat(cadence.due(create, SENT)).isTrue();
        assertThat(cadence.next(List.of(create), SENT.plusSeconds(30))).isEqualTo(cadence.shortInterval());
    }

    @Test
    void anActionNeverSeenEndingIsDueFromAboutHalfTheQuickestSeenUntilWellAfterIt() {
        cadence.ended("CREATE", Duration.ofSeconds(40));
        cadence.ended("UPDATE", Duration.ofSeconds(20));
        WatchCadence.Started delete = new WatchCadence.Started("DELETE", SENT);

        // from 10 s less a quarter (7.5 s) until twice 20 s and five intervals (45 s)
        assertThat(cadence.due(delete, SENT.plusMillis(7400))).isFalse();
        assertThat(cadence.due(delete, SENT.plusMillis(7500))).isTrue();
        assertThat(cadence.due(delete, SENT.plusSeconds(45))).isTrue();
        assertThat(cadence.due(delete, SENT.plusMillis(45100))).isFalse();
    }

    @Test
    void aKnownActionIsDueFromAQuarterBeforeItsLastTimeUntilTwiceThatAndFiveIntervals() {
        cadence.ended("UPDATE", Duration.ofSeconds(20));
        WatchCadence.Started update = new WatchCadence.Started("UPDATE", SENT);

        assertThat(cadence.due(update, SENT.plusSeconds(14))).isFalse();
        assertThat(cadence.next(List.of(update), SENT.plusSeconds(14))).isEqualTo(Duration.ofSeconds(1));
        assertThat(cadence.due(update, SENT.plusSeconds(15))).isTrue();
        assertThat(cadence.due(update, SENT.plusSeconds(45))).isTrue();
        // far slower than last time: back to the normal cadence rather than asking five times a second for ever
        assertThat(cadence.due(update, SENT.plusSeconds(46))).isFalse();
    }

    @Test
    void aShortOperationIsDueAtLeastTwoIntervalsBeforeItsExpectedEnd() {
        cadence.ended("DELETE", Duration.ofSeconds(3));

        assertThat(cadence.due(new WatchCadence.Started("DELETE", SENT), SENT.plusMillis(900))).isFalse();
        assertThat(cadence.due(new WatchCadence.Started("DELETE", SENT), SENT.plusSeconds(1))).isTrue();
    }

    @Test
    void oneDueStackSetsTheShortCadenceForAll() {
        cadence.ended("CREATE", Duration.ofSeconds(60));
        cadence.ended("UPDATE", Duration.ofSeconds(10));
        List<WatchCadence.Started> awaited = List.of(new WatchCadence.Started("CREATE", SENT),
                new WatchCadence.Started("UPDATE", SENT.plusSeconds(5)));

        assertThat(cadence.next(awaited, SENT.plusSeconds(6))).isEqualTo(Duration.ofSeconds(1));
        assertThat(cadence.next(awaited, SENT.plusSeconds(13))).isEqualTo(cadence.shortInterval());
    }
}
