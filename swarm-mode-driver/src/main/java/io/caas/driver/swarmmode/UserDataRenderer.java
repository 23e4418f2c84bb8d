package io.caas.driver.swarmmode;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.OutputFormat;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders user-data.sh.ftl: one node's quoted parameters followed by the static swarm-node.sh. */
public final class UserDataRenderer {
    private static final String TEMPLATE = "user-data.sh.ftl";
    private final Configuration freemarker;

    public UserDataRenderer() {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setTemplateLoader(new ClassTemplateLoader(UserDataRenderer.class, "/io/caas/driver/swarmmode"));
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setRegisteredCustomOutputFormats(List.<OutputFormat>of(ShellOutputFormat.INSTANCE));
        freemarker.setOutputFormat(ShellOutputFormat.INSTANCE);
        freemarker.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
    }

    public String render(NodeBootstrapParameters node) {
        Map<String, Object> model = Map.ofEntries(
                Map.entry("caasUrl", node.caasUrl()),
                Map.entry("caasApiCa", node.caasApiCa()),
                Map.entry("clusterUuid", node.clusterUuid()),
                Map.entry("nodeName", node.nodeName()),
                Map.entry("role", node.role()),
                Map.entry("swarmAction", node.initializesSwarm() ? "init" : "join"),
                Map.entry("nodeToken", node.nodeToken()),
                Map.entry("clusterRootCa", node.clusterRootCa()),
                Map.entry("enginePort", Integer.toString(node.enginePort())),
                Map.entry("engineLabels", new TreeMap<>(node.engineLabels()).entrySet().stream()
                        .map(label -> label.getKey() + "=" + label.getValue()).toList()));
        StringWriter out = new StringWriter();
        try {
            freemarker.getTemplate(TEMPLATE).process(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bootstrap template " + TEMPLATE + " from the driver jar", e);
        } catch (TemplateException e) {
            throw new IllegalStateException("Bootstrap template " + TEMPLATE + " failed: " + e.getMessage(), e);
        }
        return out.toString();
    }
}
