package io.caas.driver.swarmmode;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away cluster root for tests, issuing the certificates the real cluster CA would (ECDSA P-256). */
final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final KeyPair rootKey;
    private final X509Certificate root;

    private TestPki(KeyPair rootKey, X509Certificate root) {
        this.rootKey = rootKey;
        this.root = root;
    }

    static TestPki create(String commonName) throws Exception {
        KeyPair key = newKey();
        X500Name name = new X500Name("CN=" + commonName + ",O=caas-test");
        // swarm refuses a root that ends soon ("CA certificate expires too soon"); 30 days was refused
        Date tenYears = Date.from(Instant.now().plus(Duration.ofDays(3650)));
        var builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(), tenYears, name, key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(1))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new TestPki(key, sign(builder, key));
    }

    String rootPem() throws Exception {
        return pem(root);
    }

    /** A fresh key and a certificate for it: serverAuth with IP SANs for engines, clientAuth for the conductor. */
    PemCredentials issue(String subject, List<String> ipSans, KeyPurposeId... purposes) throws Exception {
        KeyPair key = newKey();
        return new PemCredentials(pem(sign(new X500Name(subject), key.getPublic(), ipSans, List.of(), purposes)),
                pkcs8Pem(key.getPrivate()));
    }

    X509Certificate sign(X500Name subject, PublicKey publicKey, List<String> ipSans, List<String> dnsSans,
                         KeyPurposeId... purposes) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(root, serial(), notBefore(), notAfter(), subject, publicKey)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        List<GeneralName> names = new ArrayList<>();
        for (String ip : ipSans) {
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        for (String dns : dnsSans) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
        }
        return sign(builder, rootKey);
    }

    static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    /** PKCS#8, which Go (dockerd) and the JDK both read. */
    static String pkcs8Pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static KeyPair newKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(90)));
    }
}
