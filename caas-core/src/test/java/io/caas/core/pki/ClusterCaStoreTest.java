package io.caas.core.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.caas.core.model.ClusterCa;
import io.caas.core.secrets.SecretBox;
import io.caas.core.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCaStoreTest {

    @Test
    void aRootIsCreatedOnceAndItsKeyIsStoredOnlySealed(@TempDir Path dir) {
        try (TestDatabase test = TestDatabase.create()) {
            SecretBox box = SecretBox.fromKeyFile(dir.resolve("master.key"));
            ClusterCaStore store = new ClusterCaStore(test.database(), box, Clock.systemUTC(), Duration.ofDays(3650));

            CertificateAuthority first = store.ensureRoot("c-1");
            CertificateAuthority again = store.ensureRoot("c-1");

            assertThat(again.certificatePem()).isEqualTo(first.certificatePem());
            ClusterCa row = test.database().transaction(s -> s.createQuery("from ClusterCa", ClusterCa.class).getSingleResult());
            assertThat(row.sealedKey).isNotEqualTo(first.privateKeyPkcs8());
            assertThat(new String(row.sealedKey, StandardCharsets.ISO_8859_1))
                    .doesNotContain(new String(first.privateKeyPkcs8(), StandardCharsets.ISO_8859_1));
            assertThat(box.open(row.sealedKey)).isEqualTo(first.privateKeyPkcs8());
        }
    }

    @Test
    void concurrentFirstRootsSettleOnOne(@TempDir Path dir) throws Exception {
        try (TestDatabase test = TestDatabase.create()) {
            SecretBox box = SecretBox.fromKeyFile(dir.resolve("k"));
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> roots = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ClusterCaStore store = new ClusterCaStore(test.database(), box, Clock.systemUTC(), Duration.ofDays(3650));
                    roots.add(callers.submit(() -> store.ensureRoot("c-race").certificatePem()));
                }
                Set<String> distinct = new HashSet<>();
                for (Future<String> root : roots) {
                    distinct.add(root.get(60, TimeUnit.SECONDS));
                }
                assertThat(distinct).hasSize(1);
            } finally {
                callers.shutdownNow();
            }
            long rows = test.database().transaction(s -> s.createQuery("select count(*) from ClusterCa", Long.class)
                    .getSingleResult());
            assertThat(rows).isEqualTo(1L);
        }
    }

    @Test
    void rotationAddsANewCurrentRootAndKeepsTheOldOne(@TempDir Path dir) {
        try (TestDatabase test = TestDatabase.create()) {
            ClusterCaStore store = new ClusterCaStore(test.database(), SecretBox.fromKeyFile(dir.resolve("k")),
                    Clock.systemUTC(), Duration.ofDays(3650));
            CertificateAuthority first = store.ensureRoot("c-1");

            assertThat(store.generationMadeBy("c-1", "op-1")).isEmpty();

            int made = store.rotate("c-1", "op-1");

            assertThat(made).isEqualTo(2);
            CertificateAuthority second = store.current("c-1").orElseThrow();
            assertThat(second.certificatePem()).isNotEqualTo(first.certificatePem());
            assertThat(store.generation("c-1", 2).orElseThrow().certificatePem()).isEqualTo(second.certificatePem());
            assertThat(store.generation("c-1", 1).orElseThrow().certificatePem()).isEqualTo(first.certificatePem());
            assertThat(store.rotate("c-1", "op-1")).as("the same rotation asks again").isEqualTo(2);
            assertThat(store.generationMadeBy("c-1", "op-1")).hasValue(2);
            assertThat(store.currentGeneration("c-1")).isEqualTo(2);
            assertThat(store.rotate("c-1", "op-2")).isEqualTo(3);
        }
    }
}
