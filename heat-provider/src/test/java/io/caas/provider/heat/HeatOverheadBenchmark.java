package io.caas.provider.heat;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.api.auth.HeatPeer;
import io.caas.core.model.Cluster;
import io.caas.core.spi.Host;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The heat provider's time over Heat's own, over several rounds of create (3 nodes), scale up (+1), remove (1) and
 * delete on the real Heat, each against Heat's time for the same operation measured in the same run by a
 * {@link StackObserver}. Prints every round, the medians and the worst overhead, and the watch's calls; run by
 * benchmarks/heat-overhead.sh (rounds: -Dheat.rounds, 3 by default). Not part of the test suite (no *Test name).
 */
@ExtendWith(HeatPeer.class)
class HeatOverheadBenchmark {
    private static final Path RESULTS = Path.of("target", "heat-overhead.txt");

    @Test
    void measuresTheProvidersTimeOverHeatsOwn() throws Exception {
        int rounds = Integer.getInteger("heat.rounds", 3);
        HeatApi heat = new HeatApi();
        Map<String, List<StackObserver.Span>> byOperation = new LinkedHashMap<>();
        StringBuilder report = new StringBuilder();
        try (HeatProvider provider = new HeatProvider(HeatProviderTest.settings("environment.yaml"))) {
            List<StackTiming> timings = new CopyOnWriteArrayList<>();
            provider.onStackEnded(timings::add);
            for (int round = 1; round <= rounds; round++) {
                List<StackObserver.Span> spans = round(provider, heat, timings, HeatProviderTest.cluster("bench " + round));
                spans.forEach(span -> byOperation.computeIfAbsent(span.name(), k -> new ArrayList<>()).add(span));
                long[] calls = provider.watchCalls();
                report.append("round ").append(round).append(": ")
                        .append(OverheadReport.describe(spans, calls[0], calls[1], 4 * round)).append('\n');
            }
            report.append(String.format("medians over %d rounds (poll_interval_ms %d):%n", rounds,
                    HeatProviderTest.settings("environment.yaml").pollInterval().toMillis()));
            byOperation.forEach((name, spans) -> report.append(String.format(
                    "  %-16s total %6d ms, Heat %6d ms, overhead %5d ms (worst %5d ms), ratio %.3f%n", name,
                    median(spans, StackObserver.Span::total), median(spans, StackObserver.Span::heat),
                    median(spans, StackObserver.Span::overhead),
                    spans.stream().map(StackObserver.Span::overhead).max(Comparator.naturalOrder()).orElseThrow().toMillis(),
                    (double) median(spans, StackObserver.Span::total) / median(spans, StackObserver.Span::heat))));
        }
        Files.createDirectories(RESULTS.getParent());
        Files.writeString(RESULTS, report, StandardCharsets.UTF_8);
        System.out.print(report);
        assertThat(byOperation).hasSize(4);
    }

    private static List<StackObserver.Span> round(HeatProvider provider, HeatApi heat, List<StackTiming> timings,
                                                  Cluster cluster) throws Exception {
        String stackName = HeatProvider.stackName(cluster.uuid);
        String w = StackShape.slug(cluster.name) + "-default-worker-";
        List<StackObserver.Span> spans = new ArrayList<>();
        try (FakeCloudInit cloudInit = new FakeCloudInit(heat, stackName);
             StackObserver observer = new StackObserver(heat, stackName)) {
            try {
                Instant started = Instant.now();
                provider.addHosts(cluster, HeatProviderTest.template(), List.of(
                        HeatProviderTest.spec(cluster, StackShape.slug(cluster.name) + "-default-master-0", "manager"),
                        HeatProviderTest.spec(cluster, w + 0, "worker"), HeatProviderTest.spec(cluster, w + 1, "worker")));
                spans.add(observer.span("create 3 nodes", HeatProviderTest.last(timings), started, Instant.now()));

                started = Instant.now();
                provider.addHosts(cluster, HeatProviderTest.template(), List.of(HeatProviderTest.spec(cluster, w + 2, "worker")));
                spans.add(observer.span("scale up +1", HeatProviderTest.last(timings), started, Instant.now()));

                Host leaving = provider.hosts(cluster.uuid).stream().filter(h -> h.name().equals(w + 1)).findFirst().orElseThrow();
                started = Instant.now();
                provider.removeHost(cluster.uuid, leaving);
                spans.add(observer.span("remove 1", HeatProviderTest.last(timings), started, Instant.now()));

                started = Instant.now();
                provider.deleteCluster(cluster.uuid);
                spans.add(observer.span("delete", HeatProviderTest.last(timings), started, Instant.now()));
            } finally {
                provider.deleteCluster(cluster.uuid);
            }
        }
        return spans;
    }

    private static long median(List<StackObserver.Span> spans, java.util.function.Function<StackObserver.Span, Duration> part) {
        List<Long> values = spans.stream().map(part).map(Duration::toMillis).sorted().toList();
        return values.get(values.size() / 2);
    }
}
