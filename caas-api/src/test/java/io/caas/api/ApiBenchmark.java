package io.caas.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.api.bench.LoadRun;
import io.caas.api.testing.ApiFixture;
import io.caas.api.testing.ClusterRows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API benchmark (benchmarks/api.sh runs it; its name keeps it out of the normal test run): a real server over
 * MariaDB holding 1,000 clusters, driven by {@link io.caas.api.bench.LoadClient} in a second JVM. Each figure is
 * also given as a ratio to GET / measured in the same run (the same server, filters and client, no database work),
 * so the numbers compare across machines. The table goes to target/api-benchmark.txt; nothing asserts on time.
 */
class ApiBenchmark {
    private static final int CLUSTERS = 1000;
    private static final Path RESULTS = Path.of("target", "api-benchmark.txt");

    @Test
    void measuresListShowAndCreateAgainstTheRootDocument() throws Exception {
        try (ApiFixture api = new ApiFixture()) {
            List<String> clusters = ClusterRows.insert(api.db.database(), api.template("bench"), CLUSTERS);
            assertThat(api.get("/v1/clusters").json().get("clusters")).hasSize(CLUSTERS);

            Path templateBody = Path.of(ApiBenchmark.class.getResource("/bench/clustertemplate.json").toURI());
            LoadRun run = new LoadRun(api.url())
                    .scenario("GET / (baseline)", "GET", "/", 200, null)
                    .scenario("GET /v1/clusters (1000)", "GET", "/v1/clusters", 200, null)
                    .scenario("GET /v1/clusters/{uuid}", "GET", "/v1/clusters/" + clusters.get(CLUSTERS / 2), 200, null)
                    .scenario("POST /v1/clustertemplates", "POST", "/v1/clustertemplates", 201, templateBody);
            LoadRun.Result result = run.execute();

            String report = "caas API benchmark: " + CLUSTERS + " clusters in MariaDB; " + LoadRun.describe() + "\n"
                    + result.output();
            Files.writeString(RESULTS, report, StandardCharsets.UTF_8);
            System.out.print(report);
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
    }
}
