package io.caas.core.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** CSRs made the way their real senders make them (swarm: ECDSA P-256, empty subject), without cfssl. */
public final class TestCsrs {
    private TestCsrs() {
    }

    public static KeyPair ecKeyPair() {
        return keyPair("EC", 256);
    }

    public static KeyPair keyPair(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if ("EC".equals(algorithm)) {
                generator.initialize(new ECGenParameterSpec(bits == 256 ? "secp256r1" : "secp384r1"));
            } else {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a joining swarm node sends: its own P-256 key, and no subject at all. */
    public static String swarmNodeCsr(KeyPair keys) {
        return csr(keys, new X500Name(new org.bouncycastle.asn1.x500.RDN[0]));
    }

    public static String csr(KeyPair keys, X500Name subject) {
        String algorithm = "EC".equals(keys.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            return Pem.encode(new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
