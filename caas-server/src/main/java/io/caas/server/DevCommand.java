package io.caas.server;

import io.caas.core.config.CaasConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every role in one process for a first try, as `nomad agent -dev` does: API and conductor, an embedded database
 * (H2 in MariaDB mode, on disk) and an embedded AMQP broker, no auth, the local provider.
 */
@Command(name = "dev", description = "Run caas for a first try: every role in one process, embedded database and"
        + " broker, no auth, clusters as real dockerd hosts on this machine.")
final class DevCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9511", description = "API port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = "/var/lib/caas-dev",
            description = "database, master key and hosts live here (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "optional caas.conf whose values win over the dev defaults")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dataDir);
        CaasConfig config = devDefaults(configFile == null ? CaasConfig.empty() : CaasConfig.load(configFile), dataDir, port);
        DevStack stack = DevStack.start(config);
        System.out.print(banner(stack.apiPort()));
        ConductorCommand.awaitShutdown(stack::close);
        return 0;
    }

    static CaasConfig devDefaults(CaasConfig config, Path dataDir, int port) {
        return config
                .withDefault("database", "connection", "h2:file:" + dataDir.resolve("caas").toAbsolutePath())
                // the hosts in their network namespaces reach the API at their bridge's address; tenant calls
                // are still only taken from loopback in noauth mode
                .withDefault("api", "host", "0.0.0.0")
                .withDefault("api", "port", Integer.toString(port))
                .withDefault("api", "auth_strategy", "noauth")
                .withDefault("certificates", "master_key_file", dataDir.resolve("master.key").toAbsolutePath().toString())
                .withDefault("providers", "enabled", "local")
                .withDefault("providers", "local_state_dir", dataDir.resolve("local").toAbsolutePath().toString())
                .withDefault("conductor", "host", "caas-dev");
    }

    private static String banner(int port) {
        String endpoint = "http://127.0.0.1:" + port + "/v1";
        return """

                caas is running (API and conductor in this process, no auth). Point the OpenStack CLI at it:

                  export OS_AUTH_TYPE=none OS_ENDPOINT=%s
                  openstack coe cluster template create swarm --coe swarm-mode --image swarm-local \\
                      --external-network public --flavor m1.small --master-flavor m1.small --master-lb-enabled
                  openstack coe cluster create demo --cluster-template swarm --master-count 3 --node-count 2
                  openstack coe cluster list
                  mkdir -p ~/demo && eval "$(openstack coe cluster config demo --dir ~/demo --output-certs)"
                  docker node ls

                Stop with Ctrl-C.
                """.formatted(endpoint);
    }
}
