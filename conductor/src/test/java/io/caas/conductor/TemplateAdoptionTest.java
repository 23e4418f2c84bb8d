package io.caas.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which labels a cluster has after it moved to a new template. */
class TemplateAdoptionTest {
    @Test
    void theNewTemplatesLabelsWinExceptWhereTheTenantSetTheClustersOwn() {
        Map<String, String> cluster = Map.of("auto_healing_enabled", "true", "tier", "small", "mine", "x");
        Map<String, String> oldTemplate = Map.of("tier", "small", "gone", "1");
        Map<String, String> newTemplate = Map.of("tier", "medium", "fresh", "2");

        assertThat(TemplateAdoption.labelsAfter(cluster, oldTemplate, newTemplate)).isEqualTo(Map.of(
                "tier", "medium", "fresh", "2", "auto_healing_enabled", "true", "mine", "x"));
        assertThat(TemplateAdoption.labelsAfter(null, null, null)).isEmpty();
    }
}
