package io.caas.api.policy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python %-formatting of a check's right side with the target, as oslo.policy does ({@code %(project_id)s}). */
final class TargetTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("%\\(([^)]+)\\)s");

    private TargetTemplate() {
    }

    /** The expanded text, or null when the target lacks an attribute (oslo.policy then denies the check). */
    static String expand(String template, Map<String, Object> target) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            if (!target.containsKey(key)) {
                return null;
            }
            Object value = target.get(key);
            String text = value instanceof Boolean b ? (b ? "True" : "False") : String.valueOf(value);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "None" : text));
        }
        m.appendTail(out);
        return out.toString();
    }
}
