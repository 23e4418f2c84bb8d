package io.caas.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one caas command; its roles are subcommands, as `nomad agent -dev` and `nomad agent` are. */
@Command(name = "caas", mixinStandardHelpOptions = true, version = "caas 0.1.0",
        description = "Docker Swarm-mode clusters behind the OpenStack Magnum v1 API.",
        subcommands = {DevCommand.class, ApiCommand.class, ConductorCommand.class, DbSyncCommand.class,
                RenderHaproxyCommand.class})
public final class CaasCommand {
    public static void main(String[] args) {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        System.exit(new CommandLine(new CaasCommand()).execute(args));
    }
}
