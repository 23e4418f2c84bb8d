package io.caas.core.spi;

/** What a COE driver provides, as Magnum picks drivers: (server_type, os/cluster_distro, coe). */
public record DriverKey(String serverType, String clusterDistro, String coe) {
    @Override
    public String toString() {
        return "(" + serverType + ", " + clusterDistro + ", " + coe + ")";
    }
}
