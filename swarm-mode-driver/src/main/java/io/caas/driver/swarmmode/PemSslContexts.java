package io.caas.driver.swarmmode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Mutual-TLS contexts built from PEM text, as caas keeps certificates, without touching any file or store. */
final class PemSslContexts {
    private static final char[] IN_MEMORY = new char[0];

    private PemSslContexts() {
    }

    /** Presents {@code client} and trusts only {@code trustedRootPem}: an engine must chain to the cluster root. */
    static SSLContext mutual(PemCredentials client, String trustedRootPem) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<X509Certificate> chain = certificates(client.certificatePem());
            keys.setKeyEntry("client", privateKey(client.privateKeyPem()), IN_MEMORY, chain.toArray(new Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, IN_MEMORY);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int n = 0;
            for (X509Certificate root : certificates(trustedRootPem)) {
                trust.setCertificateEntry("root-" + n++, root);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);

            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot build a TLS context from the cluster's PEM credentials: "
                    + e.getMessage() + "; check the cluster CA's conductor certificate", e);
        }
    }

    static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = factory
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(X509Certificate.class::cast).toList();
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in PEM text");
        }
        return certificates;
    }

    /** The base64 DER of a certificate's public key: how swarm names a node certificate's issuer (CertIssuerPublicKey). */
    static String publicKeyBase64(String certificatePem) {
        try {
            return Base64.getEncoder().encodeToString(certificates(certificatePem).get(0).getPublicKey().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The cluster root certificate cannot be read: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("the private key PEM holds no unencrypted private key");
        }
    }
}
