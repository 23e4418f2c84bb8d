package io.caas.api.externalca;

import io.caas.core.pki.SwarmNodeSubject;
import java.util.Arrays;
import java.util.Optional;

/** A swarm node's role, as swarm spells it in the OU of node certificates. */
public enum SwarmRole {
    MANAGER(SwarmNodeSubject.MANAGER_UNIT),
    WORKER(SwarmNodeSubject.WORKER_UNIT);

    private final String organizationalUnit;

    SwarmRole(String organizationalUnit) {
        this.organizationalUnit = organizationalUnit;
    }

    public String organizationalUnit() {
        return organizationalUnit;
    }

    static Optional<SwarmRole> ofOrganizationalUnit(String unit) {
        return Arrays.stream(values()).filter(role -> role.organizationalUnit.equals(unit)).findFirst();
    }
}
