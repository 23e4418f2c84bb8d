package io.caas.api.externalca;

import io.caas.core.pki.IssuedKeyPair;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** Presents the cluster's current endpoint certificate, looked up at each handshake so a renewal needs no restart. */
final class EndpointKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "cluster-endpoint";

    private final String clusterUuid;
    private final ClusterCaDirectory directory;

    EndpointKeyManager(String clusterUuid, ClusterCaDirectory directory) {
        this.clusterUuid = clusterUuid;
        this.directory = directory;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return identity(alias).map(identity -> new X509Certificate[] {identity.certificate()}).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return identity(alias).map(IssuedKeyPair::privateKey).orElse(null);
    }

    /** The JDK asks once per key type it could use (EC, RSA, ...): answer only for the type of our key. */
    private String aliasFor(String keyType) {
        return identity(ALIAS)
                .map(identity -> identity.privateKey().getAlgorithm())
                .filter(algorithm -> keyType.equals(algorithm) || keyType.startsWith(algorithm + "_"))
                .map(algorithm -> ALIAS)
                .orElse(null);
    }

    private Optional<IssuedKeyPair> identity(String alias) {
        if (!ALIAS.equals(alias)) {
            return Optional.empty();
        }
        return directory.find(clusterUuid).map(ClusterSigningContext::endpointIdentity);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }
}
