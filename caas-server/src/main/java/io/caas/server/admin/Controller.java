package io.caas.server.admin;

/** One controller behind the VIP: its caas-api port and its external-CA port on its own address. */
public record Controller(String name, String address, int apiPort, int caPort) {
    public Controller {
        name = InventoryValues.name("controller name", name);
        address = InventoryValues.address("address of controller " + name, address);
        apiPort = InventoryValues.port("api_port of controller " + name, apiPort);
        caPort = InventoryValues.port("ca_port of controller " + name, caPort);
    }
}
