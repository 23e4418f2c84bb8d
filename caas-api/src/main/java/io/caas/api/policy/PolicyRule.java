package io.caas.api.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** One parsed oslo.policy check string: a tree of checks joined by and/or/not. */
sealed interface PolicyRule {

    boolean allows(Evaluation evaluation);

    /** What a rule is checked against: the caller's credentials, the target object and the other rules. */
    interface Evaluation {
        Map<String, Object> credentials();

        Map<String, Object> target();

        /** Evaluates the rule of that name; a missing rule denies, as in oslo.policy. */
        boolean allowsRule(String name);
    }

    /** {@code @} or an empty check string. */
    record Always() implements PolicyRule {
        @Override
        public boolean allows(Evaluation evaluation) {
            return true;
        }
    }

    /** {@code !}, and any check this subset cannot understand (fails closed). */
    record Never() implements PolicyRule {
        @Override
        public boolean allows(Evaluation evaluation) {
            return false;
        }
    }

    /** {@code rule:name}. */
    record Reference(String name) implements PolicyRule {
        @Override
        public boolean allows(Evaluation evaluation) {
            return evaluation.allowsRule(name);
        }
    }

    /** {@code role:name}, case-insensitive like oslo.policy; the role may be a %(attr)s of the target. */
    record Role(String match) implements PolicyRule {
        @Override
        public boolean allows(Evaluation evaluation) {
            String wanted = TargetTemplate.expand(match, evaluation.target());
            if (wanted == null || !(evaluation.credentials().get("roles") instanceof List<?> roles)) {
                return false;
            }
            return roles.stream().anyMatch(r -> String.valueOf(r).toLowerCase(Locale.ROOT)
                    .equals(wanted.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * {@code attr:value} or {@code attr:%(target_attr)s}: the credential attribute (a dotted path) equals
     * the value; a list credential matches if it contains it. A quoted or boolean left side is a constant
     * compared with the right side, as oslo.policy does.
     */
    record Generic(String kind, String match) implements PolicyRule {
        @Override
        public boolean allows(Evaluation evaluation) {
            String expected = TargetTemplate.expand(match, evaluation.target());
            if (expected == null) {
                return false;
            }
            String constant = constantOf(kind);
            if (constant != null) {
                return constant.equals(expected);
            }
            Object actual = evaluation.credentials();
            for (String segment : kind.split("\\.")) {
                if (!(actual instanceof Map<?, ?> map) || !map.containsKey(segment)) {
                    return false;
                }
                actual = map.get(segment);
            }
            if (actual instanceof List<?> values) {
                return values.stream().anyMatch(v -> expected.equals(pythonString(v)));
            }
            return expected.equals(pythonString(actual));
        }

        private static String constantOf(String kind) {
            if (kind.length() >= 2 && (kind.startsWith("'") && kind.endsWith("'")
                    || kind.startsWith("\"") && kind.endsWith("\""))) {
                return kind.substring(1, kind.length() - 1);
            }
            return "True".equals(kind) || "False".equals(kind) ? kind : null;
        }

        /** oslo.policy compares str(value): Python spells booleans True/False and None. */
        private static String pythonString(Object value) {
            if (value instanceof Boolean b) {
                return b ? "True" : "False";
            }
            return Objects.toString(value, "None");
        }
    }

    record Not(PolicyRule rule) implements PolicyRule {
        @Override
        public boolean allows(Evaluation evaluation) {
            return !rule.allows(evaluation);
        }
    }

    record And(List<PolicyRule> rules) implements PolicyRule {
        @Override
        public boolean allows(Evaluation evaluation) {
            return rules.stream().allMatch(r -> r.allows(evaluation));
        }
    }

    record Or(List<PolicyRule> rules) implements PolicyRule {
        @Override
        public boolean allows(Evaluation evaluation) {
            return rules.stream().anyMatch(r -> r.allows(evaluation));
        }
    }
}
