package io.caas.conductor.swarm;

import io.caas.conductor.ProviderRegistry;
import io.caas.core.persistence.Database;
import io.caas.core.pki.CertificateAuthority;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.pki.IssuedKeyPair;
import io.caas.core.secrets.ClusterSecretNames;
import io.caas.core.secrets.ClusterSecrets;
import io.caas.core.spi.Provider;
import io.caas.core.spi.ProviderException;
import io.caas.driver.swarmmode.ClusterPki;
import io.caas.driver.swarmmode.PemCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster CA as the swarm-mode driver needs it: the root nodes trust, the URL of the cluster's external CA
 * listener (served by the API processes, see io.caas.api.externalca), and a client certificate for the conductor.
 */
public final class CaasClusterPki implements ClusterPki {
    private static final String ENDPOINT_HOST_SECRET = ClusterSecretNames.EXTERNAL_CA_ENDPOINT_HOST;
    private static final String INTERNAL_ROOT_SECRET = ClusterSecretNames.SWARM_INTERNAL_ROOT;
    private static final Duration CONDUCTOR_CERT_VALIDITY = Duration.ofDays(1);

    private final Database database;
    private final ClusterCaStore roots;
    private final ClusterSecrets secrets;
    private final ProviderRegistry providers;
    private final ExternalCaPorts ports;
    private final Map<String, Credentials> conductorCredentials = new ConcurrentHashMap<>();

    private record Credentials(PemCredentials pem, Instant renewAfter, String rootPem) {
    }

    public CaasClusterPki(Database database, ClusterCaStore roots, ClusterSecrets secrets, ProviderRegistry providers,
                          io.caas.core.config.CaasConfig config) {
        this.database = database;
        this.roots = roots;
        this.secrets = secrets;
        this.providers = providers;
        this.ports = new ExternalCaPorts(database, config);
    }

    @Override
    public String rootCertificate(String clusterUuid) {
        return roots.ensureRoot(clusterUuid).certificatePem();
    }

    @Override
    public String externalCaUrl(String clusterUuid) {
        int port = ports.portOf(clusterUuid);
        String host = controlPlaneAddress(clusterUuid);
        if (!secrets.get(clusterUuid, ENDPOINT_HOST_SECRET).map(host::equals).orElse(false)) {
            secrets.put(clusterUuid, ENDPOINT_HOST_SECRET, host);
        }
        return "https://" + host + ":" + port + "/api/v1/cfssl/sign";
    }

    @Override
    public PemCredentials conductorCredentials(String clusterUuid) {
        return credentialsFrom(clusterUuid, 0, roots.ensureRoot(clusterUuid));
    }

    @Override
    public PemCredentials conductorCredentials(String clusterUuid, int generation) {
        return credentialsFrom(clusterUuid, generation, root(clusterUuid, generation));
    }

    /** Cached per cluster and generation (0: whichever is current), issued again when the root changed or at half life. */
    private PemCredentials credentialsFrom(String clusterUuid, int generation, CertificateAuthority root) {
        String key = clusterUuid + "/" + generation;
        Credentials cached = conductorCredentials.get(key);
        if (cached == null || Instant.now().isAfter(cached.renewAfter()) || !cached.rootPem().equals(root.certificatePem())) {
            IssuedKeyPair issued = root.issueClient("caas-conductor", CONDUCTOR_CERT_VALIDITY);
            cached = new Credentials(new PemCredentials(issued.certificatePem(), issued.privateKeyPem()),
                    Instant.now().plus(CONDUCTOR_CERT_VALIDITY.dividedBy(2)), root.certificatePem());
            conductorCredentials.put(key, cached);
        }
        return cached.pem();
    }

    @Override
    public int rootGeneration(String clusterUuid) {
        roots.ensureRoot(clusterUuid);
        return roots.currentGeneration(clusterUuid);
    }

    @Override
    public String rootCertificate(String clusterUuid, int generation) {
        return root(clusterUuid, generation).certificatePem();
    }

    @Override
    public int rotationRoot(String clusterUuid, String operationId) {
        return roots.rotate(clusterUuid, operationId);
    }

    @Override
    public OptionalInt rootMadeBy(String clusterUuid, String operationId) {
        return roots.generationMadeBy(clusterUuid, operationId);
    }

    private CertificateAuthority root(String clusterUuid, int generation) {
        return roots.generation(clusterUuid, generation).orElseThrow(() -> new IllegalStateException(
                "Cluster " + clusterUuid + " has no root of generation " + generation));
    }

    @Override
    public void recordSwarm(String clusterUuid, String swarmClusterId, String internalRootPem) {
        secrets.put(clusterUuid, INTERNAL_ROOT_SECRET, internalRootPem);
        database.execute(s -> s.createMutationQuery("update Cluster set swarmClusterId = :id where uuid = :u")
                .setParameter("id", swarmClusterId).setParameter("u", clusterUuid).executeUpdate());
    }

    @Override
    public void swarmOnClusterRoot(String clusterUuid) {
        secrets.delete(clusterUuid, INTERNAL_ROOT_SECRET);
    }

    private String controlPlaneAddress(String clusterUuid) {
        String providerName = database.transaction(s -> s.createQuery(
                "select provider from Cluster where uuid = :u", String.class).setParameter("u", clusterUuid).uniqueResult());
        Provider provider = providers.named(providerName).orElseThrow(() -> new IllegalStateException(
                "Provider '" + providerName + "' of cluster " + clusterUuid + " is not enabled on this conductor"));
        try {
            return provider.controlPlaneAddress(clusterUuid);
        } catch (ProviderException e) {
            throw new IllegalStateException("Cannot find where the hosts of cluster " + clusterUuid
                    + " reach caas: " + e.getMessage(), e);
        }
    }
}
