package io.caas.conductor.provider.local;

import io.caas.core.spi.Host;

/** What the local provider remembers of one host, in its {@code host.json}. */
record HostRecord(String id, String name, String role, String image, String flavor, long sequence, int octet,
                  String address, String netns, String veth, String netNamespace) {
    /** The record once its namespace exists: its id ("net:[INODE]") finds the host's processes even after unlinking. */
    HostRecord withNetNamespace(String id) {
        return new HostRecord(this.id, name, role, image, flavor, sequence, octet, address, netns, veth, id);
    }

    Host toHost() {
        return new Host(id, name, address);
    }
}
