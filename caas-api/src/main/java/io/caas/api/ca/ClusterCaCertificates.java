package io.caas.api.ca;

import io.caas.api.v1.CertificateService;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.pki.Pem;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * /v1/certificates over the cluster's real root. Magnum shows the CA as soon as the cluster exists, so the first
 * read creates the root when the conductor has not yet (both sides use the race-safe {@link ClusterCaStore#ensureRoot}).
 * Always the current root: once a CA rotation has made a new one, tenants see and get certificates from it (the
 * rotation itself is an operation the driver carries out, see CertificatesResource#rotate).
 */
public final class ClusterCaCertificates implements CertificateService {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCaCertificates.class);

    private final ClusterCaStore store;
    private final IssuedCertificateLog log;
    private final Duration clientValidity;

    /** @param clientValidity {@code [certificates] client_cert_expiry}, 30 days by default */
    public ClusterCaCertificates(ClusterCaStore store, IssuedCertificateLog log, Duration clientValidity) {
        this.store = store;
        this.log = log;
        this.clientValidity = clientValidity;
    }

    @Override
    public String caPem(String clusterUuid) {
        return store.ensureRoot(clusterUuid).certificatePem();
    }

    @Override
    public String sign(String clusterUuid, String csrPem) {
        X509Certificate client = store.ensureRoot(clusterUuid).signTenantClient(csrPem, clientValidity);
        log.record(clusterUuid, client);
        LOG.info("event=tenant_client_signed cluster={} subject=\"{}\" serial={}", clusterUuid,
                client.getSubjectX500Principal().getName(), client.getSerialNumber().toString(16));
        return Pem.encode(client);
    }
}
