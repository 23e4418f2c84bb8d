package io.caas.api.node;

import io.caas.api.ca.IssuedCertificateLog;
import io.caas.api.web.ApiException;
import io.caas.core.model.Cluster;
import io.caas.core.model.ClusterNode;
import io.caas.core.pki.CertificateAuthority;
import io.caas.core.pki.ClusterCaStore;
import io.caas.core.pki.Pem;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the CSR of a node's Docker Engine API with the root caas wants that engine on: the one a CA rotation named
 * for it (cluster_node.engine_tls_generation), else the cluster's current root. The names come from caas's records,
 * never from the CSR: the IP SAN is the address on the node's row, so a node cannot obtain a certificate for
 * another node's address.
 */
final class EngineCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(EngineCertificates.class);

    private final ClusterCaStore caStore;
    private final IssuedCertificateLog log;
    private final Duration validity;

    EngineCertificates(ClusterCaStore caStore, IssuedCertificateLog log, Duration validity) {
        this.caStore = caStore;
        this.log = log;
        this.validity = validity;
    }

    String sign(BootstrapNode caller, String claimedAddress, String csrPem) {
        ClusterNode node = caller.node();
        if (node.address == null || node.address.isBlank()) {
            throw ApiException.conflict("caas has no address on record for node " + node.name
                    + " yet; retry once the provider has reported the host's address.");
        }
        if (claimedAddress == null || claimedAddress.isBlank()) {
            throw ApiException.badRequest("Missing the address query parameter; send engine-cert?address=<the node's IP>.");
        }
        if (!node.address.equals(claimedAddress.strip())) {
            throw ApiException.forbidden("Address " + claimedAddress + " is not the address on record for node "
                    + node.name + "; the engine certificate is only issued for " + node.address + ".");
        }
        X509Certificate certificate;
        try {
            certificate = issuer(node).signTlsServer(csrPem, node.name, hosts(caller), validity);
        } catch (IllegalArgumentException invalid) {
            throw ApiException.badRequest("Cannot sign the engine CSR: " + invalid.getMessage());
        }
        log.record(node.clusterId, certificate);
        LOG.info("event=engine_cert_signed cluster={} node={} address={} serial={}", node.clusterId, node.name,
                node.address, certificate.getSerialNumber().toString(16));
        return Pem.encode(certificate);
    }

    private CertificateAuthority issuer(ClusterNode node) {
        if (node.engineTlsGeneration == null) {
            return caStore.ensureRoot(node.clusterId);
        }
        return caStore.generation(node.clusterId, node.engineTlsGeneration).orElseThrow(() -> ApiException.conflict(
                "Root generation " + node.engineTlsGeneration + " of cluster " + node.clusterId + " is gone; rotate the "
                        + "CA again."));
    }

    /** The node's address and name; for a manager also the load balancer's host clients dial the Engine API at. */
    private static List<String> hosts(BootstrapNode caller) {
        ClusterNode node = caller.node();
        List<String> hosts = new ArrayList<>(List.of(node.address, node.name));
        String balancer = loadBalancerHost(caller.cluster());
        if ("manager".equals(node.role) && balancer != null && !hosts.contains(balancer)) {
            hosts.add(balancer);
        }
        return hosts;
    }

    private static String loadBalancerHost(Cluster cluster) {
        if (!Boolean.TRUE.equals(cluster.masterLbEnabled) || cluster.apiAddress == null || cluster.apiAddress.isBlank()) {
            return null;
        }
        try {
            String host = URI.create(cluster.apiAddress.strip()).getHost();
            return host == null ? null : host.replaceAll("^\\[|]$", "");
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }
}
