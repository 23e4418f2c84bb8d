package io.caas.api.externalca;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts a TLS client only if its certificate chains to one of its cluster's roots and may authenticate clients. */
final class ManagerTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerTrustManager.class);
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final String clusterUuid;
    private final ClusterCaDirectory directory;
    private final Clock clock;

    ManagerTrustManager(String clusterUuid, ClusterCaDirectory directory, Clock clock) {
        this.clusterUuid = clusterUuid;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    /**
     * Empty on purpose: a Go TLS client (swarm) sends no certificate at all when the server's list of acceptable
     * issuers does not name the issuer of its own. Listing none lets the leader send whatever it holds, and
     * {@link #verify} decides.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private void verify(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw refuse("no client certificate");
        }
        List<X509Certificate> roots = directory.find(clusterUuid)
                .map(ClusterSigningContext::clientTrustRoots)
                .orElseThrow(() -> refuse("caas has no cluster " + clusterUuid));
        try {
            X509CertSelector leaf = new X509CertSelector();
            leaf.setCertificate(chain[0]);
            Set<TrustAnchor> anchors = roots.stream().map(root -> new TrustAnchor(root, null)).collect(Collectors.toSet());
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, leaf);
            // swarm has no revocation service; a removed node's certificate simply expires
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(chain))));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException e) {
            throw refuse("certificate " + chain[0].getSubjectX500Principal() + " does not chain to the cluster's root: "
                    + e.getMessage());
        }
        List<String> purposes = chain[0].getExtendedKeyUsage();
        if (purposes != null && !purposes.contains(CLIENT_AUTH)) {
            throw refuse("certificate " + chain[0].getSubjectX500Principal() + " may not authenticate clients");
        }
    }

    private CertificateException refuse(String reason) {
        LOG.warn("external CA refused a TLS client: cluster={} reason=\"{}\"", clusterUuid, reason);
        return new CertificateException(reason);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("The external CA endpoint only accepts clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("The external CA endpoint only accepts clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("The external CA endpoint only accepts clients");
    }
}
