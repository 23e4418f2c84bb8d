package io.caas.core.spi;

/** What the provider knows of a host: nothing about swarm, only whether the machine is there. */
public enum HostState { CREATING, RUNNING, STOPPED, FAILED, GONE }
