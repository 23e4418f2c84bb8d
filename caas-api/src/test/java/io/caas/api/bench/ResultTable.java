package io.caas.api.bench;

import java.util.List;
import java.util.Locale;

/** The benchmark's printed table; each row's latencies also as a ratio to the baseline row at the same concurrency. */
final class ResultTable {
    private static final String ROW = "%-26s %7s %8s %9s %8s %8s %8s %8s %10s%n";

    private ResultTable() {
    }

    static String format(List<Measurement> rows, Scenario baseline) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, ROW, "scenario", "clients", "requests",
                "req/s", "p50 ms", "p99 ms", "p50 x", "p99 x", "bytes/resp"));
        for (Measurement m : rows) {
            Measurement base = rows.stream()
                    .filter(b -> b.scenario().label().equals(baseline.label()) && b.clients() == m.clients())
                    .findFirst().orElseThrow();
            table.append(String.format(Locale.ROOT, ROW, m.scenario().label(), m.clients(), m.requests(),
                    String.format(Locale.ROOT, "%.0f", m.throughputPerSecond()),
                    millis(m.percentileMillis(50)), millis(m.percentileMillis(99)),
                    ratio(m.percentileMillis(50) / base.percentileMillis(50)),
                    ratio(m.percentileMillis(99) / base.percentileMillis(99)),
                    m.responseBytes()));
        }
        return table.toString();
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
