package io.caas.core.spi;

/** A host a provider created: its provider-side id (stable across restarts) and its address, once it has one. */
public record Host(String id, String name, String address) {
}
