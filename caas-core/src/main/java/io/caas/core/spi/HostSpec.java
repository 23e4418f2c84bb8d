package io.caas.core.spi;

/**
 * One host to create: the portable model every provider maps onto its own (a local dockerd in a netns, a Nova
 * server, an EC2 instance, an Azure VM). {@code userData} is the node's rendered bootstrap, run on first boot the
 * way cloud-init runs user_data.
 */
public record HostSpec(String clusterId, String name, String role, String image, String flavor, String userData) {
}
