package io.caas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caas.api.testing.ApiFixture;
import io.caas.api.testing.ClusterRows;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GET /v1/clusters over a thousand clusters: a full page with its next link, every item's fields from one column
 * query, written straight to JSON. How fast it is is measured by ApiBenchmark (benchmarks/api.sh), not here.
 */
class ClusterListOfAThousandTest {

    @Test
    void aThousandClustersListInOnePage() {
        try (ApiFixture api = new ApiFixture()) {
            String template = api.template("swarm");
            List<String> uuids = ClusterRows.insert(api.db.database(), template, 1000);
            JsonNode body = api.get("/v1/clusters").json();
            assertThat(body.get("clusters")).hasSize(1000);
            assertThat(body.get("next").asText()).contains("limit=1000&marker=" + uuids.get(999));
            JsonNode last = body.get("clusters").get(999);
            assertThat(last.get("name").asText()).isEqualTo("c999");
            assertThat(last.get("labels").get("a").asText()).isEqualTo("1");
            assertThat(last.get("links").findValuesAsText("href"))
                    .containsExactly(api.url() + "/v1/clusters/" + uuids.get(999), api.url() + "/clusters/" + uuids.get(999));
            assertThat(last.get("links").findValuesAsText("rel")).containsExactly("self", "bookmark");

            List<String> page = api.get("/v1/clusters?limit=10&sort_key=name&sort_dir=desc").json().get("clusters")
                    .findValuesAsText("name");
            assertThat(page).first().isEqualTo("c999");
        }
    }
}
