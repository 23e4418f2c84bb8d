package io.caas.api.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caas.api.auth.RequestContext;
import io.caas.core.config.CaasConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Magnum's policy: the default rules of Magnum 15 (resource {@code default-policy.yaml}) with the rules of
 * {@code [oslo_policy] policy_file} (YAML or JSON, as oslo.policy reads it) replacing defaults of the same
 * name. The file is read once at start-up.
 */
public final class Policy {
    private static final Logger LOG = LoggerFactory.getLogger(Policy.class);
    private static final String DEFAULTS = "default-policy.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, PolicyRule> rules;

    private Policy(Map<String, PolicyRule> rules) {
        this.rules = Map.copyOf(rules);
        rules.keySet().forEach(name -> rejectCycle(name, new ArrayDeque<>()));
    }

    /** Magnum's defaults only. */
    public static Policy defaults() {
        return new Policy(parseAll(defaultCheckStrings(), DEFAULTS));
    }

    /** Magnum's defaults overridden by {@code [oslo_policy] policy_file} when it is set. */
    public static Policy load(CaasConfig config) {
        return config.get("oslo_policy", "policy_file")
                .map(file -> withOverrides(Path.of(file)))
                .orElseGet(Policy::defaults);
    }

    /** Magnum's defaults overridden by the rules in this file. */
    public static Policy withOverrides(Path policyFile) {
        if (!Files.isRegularFile(policyFile)) {
            throw new IllegalArgumentException("Policy file " + policyFile.toAbsolutePath()
                    + " does not exist; create it or remove [oslo_policy] policy_file to use the defaults");
        }
        Map<String, String> overrides;
        try {
            overrides = readCheckStrings(Files.newInputStream(policyFile), policyFile.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read policy file " + policyFile + ": " + e.getMessage(), e);
        }
        Map<String, String> merged = new LinkedHashMap<>(defaultCheckStrings());
        merged.putAll(overrides);
        LOG.info("policy loaded policy_file={} overridden_rules={}", policyFile, overrides.keySet());
        return new Policy(parseAll(merged, policyFile.toString()));
    }

    /**
     * Throws {@link PolicyNotAuthorized} unless the rule allows the caller to act on the target.
     *
     * @param target the object's attributes ({@code project_id}, {@code user_id}, ...); null means the
     *               caller's own project and user, as in Magnum
     */
    public void enforce(String rule, RequestContext context, Map<String, ?> target) {
        if (!allows(rule, context, target)) {
            LOG.info("policy denied rule={} request_id={} user_id={} project_id={}",
                    rule, context.requestId(), context.userId(), context.projectId());
            throw new PolicyNotAuthorized(rule);
        }
    }

    public boolean allows(String rule, RequestContext context, Map<String, ?> target) {
        if (!rules.containsKey(rule)) {
            throw new IllegalArgumentException("No policy rule named '" + rule
                    + "': add it to default-policy.yaml or to the policy file");
        }
        Map<String, Object> targetValues = new HashMap<>();
        if (target == null) {
            targetValues.put("project_id", context.projectId());
            targetValues.put("user_id", context.userId());
        } else {
            targetValues.putAll(target);
        }
        Map<String, Object> credentials = context.policyCredentials();
        return evaluate(rule, credentials, targetValues);
    }

    private boolean evaluate(String rule, Map<String, Object> credentials, Map<String, Object> target) {
        PolicyRule parsed = rules.get(rule);
        if (parsed == null) {
            return false;
        }
        return parsed.allows(new PolicyRule.Evaluation() {
            @Override
            public Map<String, Object> credentials() {
                return credentials;
            }

            @Override
            public Map<String, Object> target() {
                return target;
            }

            @Override
            public boolean allowsRule(String name) {
                return evaluate(name, credentials, target);
            }
        });
    }

    private void rejectCycle(String name, Deque<String> path) {
        if (path.contains(name)) {
            path.addLast(name);
            throw new IllegalArgumentException("Policy rules refer to each other in a cycle: "
                    + String.join(" -> ", path) + "; change one of them in the policy file");
        }
        PolicyRule rule = rules.get(name);
        if (rule == null) {
            return;
        }
        path.addLast(name);
        references(rule, path);
        path.removeLast();
    }

    private void references(PolicyRule rule, Deque<String> path) {
        if (rule instanceof PolicyRule.Reference reference) {
            rejectCycle(reference.name(), path);
        } else if (rule instanceof PolicyRule.Not not) {
            references(not.rule(), path);
        } else if (rule instanceof PolicyRule.And and) {
            and.rules().forEach(r -> references(r, path));
        } else if (rule instanceof PolicyRule.Or or) {
            or.rules().forEach(r -> references(r, path));
        }
    }

    private static Map<String, String> defaultCheckStrings() {
        InputStream in = Policy.class.getResourceAsStream(DEFAULTS);
        if (in == null) {
            throw new IllegalStateException("Resource " + DEFAULTS + " is missing from the caas-api jar; rebuild it");
        }
        try {
            return readCheckStrings(in, DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readCheckStrings(InputStream in, String source) throws IOException {
        try (in) {
            Map<String, Object> raw = YAML.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() { });
            Map<String, String> checkStrings = new LinkedHashMap<>();
            if (raw == null) {
                return checkStrings;
            }
            raw.forEach((name, value) -> {
                if (value != null && !(value instanceof String)) {
                    throw new IllegalArgumentException("Policy rule '" + name + "' in " + source
                            + " must be a check string such as \"role:admin\", not " + value);
                }
                checkStrings.put(name, value == null ? "" : (String) value);
            });
            return checkStrings;
        }
    }

    private static Map<String, PolicyRule> parseAll(Map<String, String> checkStrings, String source) {
        Map<String, PolicyRule> parsed = new LinkedHashMap<>();
        checkStrings.forEach((name, checkString) -> {
            try {
                parsed.put(name, RuleParser.parse(checkString));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Policy rule '" + name + "' in " + source + ": " + e.getMessage(), e);
            }
        });
        return parsed;
    }
}
