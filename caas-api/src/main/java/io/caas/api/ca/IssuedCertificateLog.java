package io.caas.api.ca;

import io.caas.core.model.IssuedCertificateRecord;
import io.caas.core.persistence.Database;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Keeps a cluster_certificate row for every certificate a cluster CA issues, whoever asked for it. */
public final class IssuedCertificateLog {
    private final Database database;
    private final Clock clock;

    public IssuedCertificateLog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public void record(String clusterUuid, X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        record(clusterUuid, certificate.getSerialNumber(), attribute(subject, "CN"), attribute(subject, "OU"),
                certificate.getNotAfter().toInstant());
    }

    public void record(String clusterUuid, BigInteger serial, String commonName, String organizationalUnit,
                       Instant notAfter) {
        IssuedCertificateRecord row = new IssuedCertificateRecord();
        row.clusterId = clusterUuid;
        row.serial = serial.toString(16);
        row.commonName = commonName;
        row.organizationalUnit = organizationalUnit;
        row.notAfter = notAfter;
        row.createdAt = clock.instant();
        database.execute(s -> s.persist(row));
    }

    private static String attribute(String rfc2253Name, String type) {
        try {
            for (Rdn rdn : new LdapName(rfc2253Name).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("Certificate subject '" + rfc2253Name + "' is not an X.500 name", e);
        }
    }
}
