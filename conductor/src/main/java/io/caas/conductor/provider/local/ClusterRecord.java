package io.caas.conductor.provider.local;

/**
 * What the local provider remembers of a cluster, in {@code cluster.json}: its /24 inside 198.18.0.0/15
 * (written {@code 198.18.N}) and the next host sequence number, so host ids are never reused.
 */
record ClusterRecord(String clusterId, String shortId, String subnet, long nextHostSequence) {
    String bridge() {
        return LocalNames.bridge(shortId);
    }

    /** Where nodes reach caas (its API and external-CA endpoint): the bridge in the machine's own namespace. */
    String gatewayAddress() {
        return subnet + ".1";
    }

    String loadBalancerAddress() {
        return subnet + ".2";
    }

    ClusterRecord withNextHostSequence(long next) {
        return new ClusterRecord(clusterId, shortId, subnet, next);
    }
}
