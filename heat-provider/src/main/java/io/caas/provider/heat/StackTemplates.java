package io.caas.provider.heat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The HOT tree of heat-templates/ as the provider sends it: the top template, the files it references (sent in the
 * request's {@code files}, as heatclient does), and the optional environment with the files below its directory.
 */
record StackTemplates(String template, Map<String, String> files, Optional<String> environment) {
    private static final String ROOT = "/io/caas/provider/heat/templates/";
    private static final List<String> NESTED = List.of("swarmnode.yaml", "fragments/boot-signal.sh");

    static StackTemplates load(Optional<Path> environment) {
        Map<String, String> files = new LinkedHashMap<>();
        NESTED.forEach(name -> files.put(name, resource(name)));
        Optional<String> env = environment.map(file -> {
            try (Stream<Path> below = Files.walk(file.toAbsolutePath().getParent())) {
                for (Path each : below.filter(Files::isRegularFile).filter(f -> !f.equals(file.toAbsolutePath())).toList()) {
                    files.put(file.toAbsolutePath().getParent().relativize(each).toString(), Files.readString(each));
                }
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the Heat environment " + file + " ([heat] environment)", e);
            }
        });
        return new StackTemplates(resource("swarmcluster.yaml"), Map.copyOf(files), env);
    }

    private static String resource(String name) {
        try (InputStream in = StackTemplates.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("heat-templates/" + name + " is missing from the heat provider's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read heat-templates/" + name, e);
        }
    }
}
