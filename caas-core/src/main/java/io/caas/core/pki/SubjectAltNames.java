package io.caas.core.pki;

import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/** Turns host strings into SANs the way cfssl does: an IP literal becomes an IP SAN, anything else a DNS SAN. */
final class SubjectAltNames {
    private static final Pattern DNS_NAME = Pattern.compile("(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    private SubjectAltNames() {
    }

    static GeneralNames of(List<String> hosts) {
        return new GeneralNames(hosts.stream().map(SubjectAltNames::name).toArray(GeneralName[]::new));
    }

    private static GeneralName name(String host) {
        if (IPAddress.isValid(host)) {
            return new GeneralName(GeneralName.iPAddress, host);
        }
        if (host != null && DNS_NAME.matcher(host).matches()) {
            return new GeneralName(GeneralName.dNSName, host);
        }
        throw new IllegalArgumentException("Host '" + host + "' is neither an IP address nor a DNS name; "
                + "give names like node-1.example or 198.18.77.1");
    }
}
