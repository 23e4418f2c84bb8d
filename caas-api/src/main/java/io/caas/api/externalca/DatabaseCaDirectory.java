package io.caas.api.externalca;

import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterStatus;
import io.caas.core.persistence.Database;
import io.caas.core.pki.CertificateAuthority;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.pki.DurationText;
import io.caas.core.pki.IssuedKeyPair;
import io.caas.core.pki.Pem;
import io.caas.core.secrets.ClusterSecrets;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's signing material as the database holds it: the current root of {@link ClusterCaStore}, the swarm id
 * on the cluster row, and two cluster secrets the conductor writes: {@value #ENDPOINT_HOST} (the address nodes dial
 * the endpoint at, unless {@code [external_ca] advertise_host} names one for every cluster) and
 * {@value #SWARM_INTERNAL_ROOT} (swarm's bootstrap root, trusted for the leader only while swarm rotates off it).
 * The endpoint's TLS certificate is issued on first use and kept in memory until the root or address changes or
 * half its life has passed.
 */
public final class DatabaseCaDirectory implements ClusterCaDirectory {
    public static final String ENDPOINT_HOST = io.caas.core.secrets.ClusterSecretNames.EXTERNAL_CA_ENDPOINT_HOST;
    public static final String SWARM_INTERNAL_ROOT = io.caas.core.secrets.ClusterSecretNames.SWARM_INTERNAL_ROOT;
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseCaDirectory.class);

    private final Database database;
    private final ClusterCaStore caStore;
    private final ClusterSecrets secrets;
    private final Optional<String> advertiseHost;
    private final Duration defaultNodeValidity;
    private final Duration endpointValidity;
    private final Clock clock;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    private record Endpoint(BigInteger rootSerial, String host, IssuedKeyPair identity, Instant renewAfter) {
    }

    public DatabaseCaDirectory(Database database, ClusterCaStore caStore, ClusterSecrets secrets,
                               Optional<String> advertiseHost, Duration defaultNodeValidity, Duration endpointValidity,
                               Clock clock) {
        this.database = database;
        this.caStore = caStore;
        this.secrets = secrets;
        this.advertiseHost = advertiseHost;
        this.defaultNodeValidity = defaultNodeValidity;
        this.endpointValidity = endpointValidity;
        this.clock = clock;
    }

    @Override
    public Optional<ClusterSigningContext> find(String clusterUuid) {
        Cluster cluster = database.transaction(s -> s.createSelectionQuery("from Cluster c where c.uuid = :u", Cluster.class)
                .setParameter("u", clusterUuid).getSingleResultOrNull());
        if (cluster == null || cluster.status == ClusterStatus.DELETE_COMPLETE) {
            endpoints.remove(clusterUuid);
            return Optional.empty();
        }
        Optional<CertificateAuthority> issuer = caStore.current(clusterUuid);
        Optional<String> host = advertiseHost.or(() -> secrets.get(clusterUuid, ENDPOINT_HOST));
        if (issuer.isEmpty() || host.isEmpty()) {
            LOG.info("event=external_ca_not_ready cluster={} root={} endpoint_host={}", clusterUuid,
                    issuer.isPresent(), host.isPresent());
            return Optional.empty();
        }
        List<X509Certificate> trusted = new ArrayList<>(List.of(issuer.get().certificate()));
        secrets.get(clusterUuid, SWARM_INTERNAL_ROOT).map(Pem::certificates).ifPresent(trusted::addAll);
        return Optional.of(new ClusterSigningContext(issuer.get(), trusted, Optional.ofNullable(cluster.swarmClusterId),
                nodeValidity(cluster), endpoint(clusterUuid, issuer.get(), host.get()).identity()));
    }

    private Endpoint endpoint(String clusterUuid, CertificateAuthority issuer, String host) {
        BigInteger rootSerial = issuer.certificate().getSerialNumber();
        return endpoints.compute(clusterUuid, (uuid, known) -> {
            if (known != null && known.rootSerial().equals(rootSerial) && known.host().equals(host)
                    && clock.instant().isBefore(known.renewAfter())) {
                return known;
            }
            IssuedKeyPair identity = issuer.issueTlsServer("caas external CA " + uuid, List.of(host), endpointValidity);
            Instant notBefore = identity.certificate().getNotBefore().toInstant();
            Instant notAfter = identity.certificate().getNotAfter().toInstant();
            LOG.info("event=external_ca_endpoint_issued cluster={} host={} not_after={}", uuid, host, notAfter);
            return new Endpoint(rootSerial, host, identity,
                    notBefore.plus(Duration.between(notBefore, notAfter).dividedBy(2)));
        });
    }

    /** The cluster's cert_expiry label, as Magnum's swarm drivers read it, else {@code [certificates] node_cert_expiry}. */
    private Duration nodeValidity(Cluster cluster) {
        String label = cluster.labels == null ? null : cluster.labels.get("cert_expiry");
        if (label == null) {
            return defaultNodeValidity;
        }
        try {
            return DurationText.parse(label);
        } catch (IllegalArgumentException invalid) {
            LOG.warn("event=cert_expiry_label_ignored cluster={} reason=\"{}\"", cluster.uuid, invalid.getMessage());
            return defaultNodeValidity;
        }
    }
}
