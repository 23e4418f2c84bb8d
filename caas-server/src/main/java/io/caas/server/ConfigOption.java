package io.caas.server;

import io.caas.core.config.CaasConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --config FILE, shared by the production roles. */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/caas/caas.conf",
            description = "caas configuration (INI, see etc/caas.conf.sample). Default: ${DEFAULT-VALUE}")
    Path file;

    CaasConfig load() {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("Cannot read " + file + ": copy etc/caas.conf.sample there and edit it,"
                    + " or pass --config FILE");
        }
        return CaasConfig.load(file);
    }
}
