package io.caas.core.pki;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/** What each kind of certificate caas issues may be used for. */
enum CertificateProfile {
    /** A tenant's client certificate for the Docker API of its cluster. */
    TENANT_CLIENT(leaf(), signingAndEncipherment(), new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)),
    /** A swarm node certificate: swarm uses one certificate for both ends of its mutual TLS. */
    SWARM_NODE(leaf(), signingAndEncipherment(), new ExtendedKeyUsage(
            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})),
    /** A TLS server: a Docker Engine API endpoint or caas's external CA endpoint of one cluster. */
    TLS_SERVER(leaf(), signingAndEncipherment(), new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
    /** Another root cross-signed by ours: it may sign leaves only, hence path length 0. */
    INTERMEDIATE_CA(new BasicConstraints(0), new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign), null);

    final BasicConstraints basicConstraints;
    final KeyUsage keyUsage;
    /** null for CAs: an EKU on a CA would constrain every certificate below it. */
    final ExtendedKeyUsage extendedKeyUsage;

    CertificateProfile(BasicConstraints basicConstraints, KeyUsage keyUsage, ExtendedKeyUsage extendedKeyUsage) {
        this.basicConstraints = basicConstraints;
        this.keyUsage = keyUsage;
        this.extendedKeyUsage = extendedKeyUsage;
    }

    private static BasicConstraints leaf() {
        return new BasicConstraints(false);
    }

    private static KeyUsage signingAndEncipherment() {
        return new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
    }
}
