package io.caas.server.admin;

/**
 * One controller behind the VIP: its caas-api port on its own address. Its external CA listeners are on the same
 * address, at the port each cluster was given (HAProxy forwards to the port the node dialled).
 */
public record Controller(String name, String address, int apiPort) {
    public Controller {
        name = InventoryValues.name("controller name", name);
        address = InventoryValues.address("address of controller " + name, address);
        apiPort = InventoryValues.port("api_port of controller " + name, apiPort);
    }
}
