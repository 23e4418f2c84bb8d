package io.caas.server;

import io.caas.server.admin.HaproxyConfigRenderer;
import io.caas.server.admin.InventoryFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Renders the controllers' HAProxy configuration from an inventory; ansible's haproxy role calls it. */
@Command(name = "render-haproxy", description = "Render the HAProxy config for HA controllers from an inventory.")
final class RenderHaproxyCommand implements Callable<Integer> {
    @Option(names = "--inventory", required = true, paramLabel = "FILE", description = "controllers inventory (INI)")
    Path inventory;

    @Option(names = "--output", paramLabel = "FILE", description = "where to write the config (default: stdout)")
    Path output;

    @Override
    public Integer call() throws Exception {
        String rendered = HaproxyConfigRenderer.render(InventoryFile.load(inventory));
        if (output == null) {
            System.out.print(rendered);
        } else {
            Files.writeString(output, rendered);
        }
        return 0;
    }
}
