package io.caas.core.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM in and out for certificates, PKCS#8 private keys and certificate signing requests. */
public final class Pem {
    private Pem() {
    }

    public static String encode(Object certificateOrKeyOrCsr) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificateOrKeyOrCsr instanceof PrivateKey key
                    ? new JcaPKCS8Generator(key, null) : certificateOrKeyOrCsr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    public static X509Certificate certificate(String pem) {
        List<X509Certificate> certificates = certificates(pem);
        if (certificates.size() != 1) {
            throw new IllegalArgumentException("Expected exactly one PEM certificate, found " + certificates.size());
        }
        return certificates.get(0);
    }

    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object item : objects(pem)) {
            if (!(item instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("Expected PEM certificates, found " + item.getClass().getSimpleName());
            }
            try {
                certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("PEM certificate cannot be decoded: " + e.getMessage(), e);
            }
        }
        return certificates;
    }

    public static PKCS10CertificationRequest certificateRequest(String pem) {
        List<Object> items = objects(pem == null ? "" : pem);
        if (items.size() != 1 || !(items.get(0) instanceof PKCS10CertificationRequest csr)) {
            throw new IllegalArgumentException("Expected one PEM block 'CERTIFICATE REQUEST' (a PKCS#10 CSR)");
        }
        return csr;
    }

    /** A PKCS#8 private key (the form {@link CertificateAuthority#privateKeyPkcs8()} hands out for sealing). */
    public static PrivateKey privateKey(byte[] pkcs8, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Private key is not a PKCS#8 " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    private static List<Object> objects(String pem) {
        List<Object> items = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                items.add(item);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Malformed PEM: " + e.getMessage(), e);
        }
        return items;
    }
}
