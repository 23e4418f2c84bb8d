package io.caas.server.admin;

import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders haproxy.cfg for a set of caas controllers from the template {@code haproxy-controllers.cfg.ftl}.
 * The template receives only strings taken from a validated {@link Inventory}.
 */
public final class HaproxyConfigRenderer {
    private static final String TEMPLATE = "haproxy-controllers.cfg.ftl";
    private static final Configuration FREEMARKER = freemarker();

    private HaproxyConfigRenderer() {
    }

    public static String render(Inventory inventory) {
        try {
            Template template = FREEMARKER.getTemplate(TEMPLATE);
            StringWriter out = new StringWriter();
            template.process(model(inventory), out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("The HAProxy template " + TEMPLATE + " is missing from the caas jar;"
                    + " rebuild caas-server", e);
        } catch (TemplateException e) {
            throw new IllegalStateException("The HAProxy template " + TEMPLATE + " failed to render: "
                    + e.getMessageWithoutStackTop(), e);
        }
    }

    static String checkLine(CheckTimings checks) {
        return "check inter " + checks.inter() + " fastinter " + checks.fastinter()
                + " downinter " + checks.downinter() + " rise " + checks.rise() + " fall " + checks.fall();
    }

    private static Map<String, Object> model(Inventory inventory) {
        ProxyTimeouts t = inventory.timeouts();
        Map<String, Object> model = new HashMap<>();
        model.put("vip", inventory.vip());
        model.put("apiPort", Integer.toString(inventory.apiPort()));
        model.put("caPortRange", inventory.caPorts().toString());
        model.put("forwardedProto", inventory.https() ? "https" : "http");
        inventory.tlsCertificate().ifPresent(path -> model.put("tlsCertificate", path.toString()));
        model.put("statsSocket", inventory.statsSocket().toString());
        model.put("checkLine", checkLine(inventory.checks()));
        model.put("timeouts", Map.of(
                "connect", t.connect(), "client", t.client(), "server", t.server(),
                "httpRequest", t.httpRequest(), "queue", t.queue(), "check", t.check(), "tunnel", t.tunnel()));
        model.put("controllers", inventory.controllers().stream().map(c -> Map.of(
                "name", c.name(), "address", c.address(),
                "apiPort", Integer.toString(c.apiPort()))).toList());
        return model;
    }

    private static Configuration freemarker() {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setClassForTemplateLoading(HaproxyConfigRenderer.class, "");
        configuration.setDefaultEncoding(StandardCharsets.UTF_8.name());
        configuration.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        return configuration;
    }
}
