package io.caas.api.externalca;

import io.caas.core.pki.CertificateAuthority;
import io.caas.core.pki.IssuedKeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the endpoint needs to serve one cluster.
 *
 * @param issuer            the cluster's current root, which signs node certificates
 * @param clientTrustRoots  roots a calling manager's certificate may chain to: the current root; while swarm is
 *                          still rotating onto it right after {@code swarm init}, the leader presents a certificate
 *                          from swarm's own bootstrap root, so the caller may add that root until the rotation ends
 * @param swarmClusterId    the id swarm gave the cluster (the O of every node certificate); empty until caas has
 *                          read it after {@code swarm init}: requests are then answered "retry later"
 * @param nodeCertValidity  how long node certificates live (swarm does not send its {@code --cert-expiry})
 * @param endpointIdentity  the TLS server certificate this cluster's listener presents: issued by {@code issuer}
 *                          with a SAN for the address in the cluster's external CA URL
 */
public record ClusterSigningContext(CertificateAuthority issuer, List<X509Certificate> clientTrustRoots,
                                    Optional<String> swarmClusterId, Duration nodeCertValidity,
                                    IssuedKeyPair endpointIdentity) {
    public ClusterSigningContext {
        clientTrustRoots = List.copyOf(clientTrustRoots);
        if (clientTrustRoots.isEmpty()) {
            throw new IllegalArgumentException("A cluster needs at least one root to check managers' certificates against");
        }
    }
}
