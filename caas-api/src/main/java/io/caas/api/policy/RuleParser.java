package io.caas.api.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the oslo.policy check-string language: checks ({@code rule:x}, {@code role:x}, {@code attr:value},
 * {@code @}, {@code !}) joined by {@code and}, {@code or}, {@code not} and parentheses. Precedence, loosest
 * first: or, and, not. Parentheses are only recognised at the start or end of a whitespace-separated word
 * (as in oslo.policy), so the placeholder in {@code project_id:%(project_id)s} stays inside its check.
 */
final class RuleParser {
    private final List<String> tokens;
    private final String text;
    private int position;

    private RuleParser(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    static PolicyRule parse(String checkString) {
        if (checkString == null || checkString.isBlank()) {
            return new PolicyRule.Always();
        }
        RuleParser parser = new RuleParser(checkString);
        PolicyRule rule = parser.orExpression();
        if (parser.position != parser.tokens.size()) {
            throw parser.error("unexpected '" + parser.tokens.get(parser.position) + "'");
        }
        return rule;
    }

    private PolicyRule orExpression() {
        List<PolicyRule> terms = new ArrayList<>(List.of(andExpression()));
        while (nextIs("or")) {
            position++;
            terms.add(andExpression());
        }
        return terms.size() == 1 ? terms.get(0) : new PolicyRule.Or(List.copyOf(terms));
    }

    private PolicyRule andExpression() {
        List<PolicyRule> terms = new ArrayList<>(List.of(notExpression()));
        while (nextIs("and")) {
            position++;
            terms.add(notExpression());
        }
        return terms.size() == 1 ? terms.get(0) : new PolicyRule.And(List.copyOf(terms));
    }

    private PolicyRule notExpression() {
        if (nextIs("not")) {
            position++;
            return new PolicyRule.Not(notExpression());
        }
        return primary();
    }

    private PolicyRule primary() {
        if (position >= tokens.size()) {
            throw error("the check string ends where a check was expected");
        }
        String token = tokens.get(position++);
        if (token.equals("(")) {
            PolicyRule inner = orExpression();
            if (!nextIs(")")) {
                throw error("missing ')'");
            }
            position++;
            return inner;
        }
        if (token.equals(")") || isOperator(token)) {
            throw error("'" + token + "' where a check was expected");
        }
        return check(token);
    }

    private static PolicyRule check(String token) {
        if (token.equals("@")) {
            return new PolicyRule.Always();
        }
        if (token.equals("!")) {
            return new PolicyRule.Never();
        }
        int colon = token.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Policy check '" + token
                    + "' is not of the form kind:match (or @ or !)");
        }
        String kind = token.substring(0, colon);
        String match = token.substring(colon + 1);
        return switch (kind) {
            case "rule" -> new PolicyRule.Reference(match);
            case "role" -> new PolicyRule.Role(match);
            case "http", "https" -> throw new IllegalArgumentException("Policy check '" + token
                    + "': remote http checks are not supported by caas; express the rule with roles or attributes");
            default -> new PolicyRule.Generic(kind, match);
        };
    }

    private boolean nextIs(String token) {
        return position < tokens.size() && tokens.get(position).equals(token);
    }

    private static boolean isOperator(String token) {
        return token.equals("and") || token.equals("or") || token.equals("not");
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("Cannot parse policy check string \"" + text + "\": " + problem);
    }

    private static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String word : text.strip().split("\\s+")) {
            int open = 0;
            while (open < word.length() && word.charAt(open) == '(') {
                out.add("(");
                open++;
            }
            int end = word.length();
            int close = 0;
            while (end > open && word.charAt(end - 1) == ')') {
                end--;
                close++;
            }
            String core = word.substring(open, end);
            if (!core.isEmpty()) {
                String lowered = core.toLowerCase(Locale.ROOT);
                out.add(isOperator(lowered) ? lowered : core);
            }
            for (int i = 0; i < close; i++) {
                out.add(")");
            }
        }
        return out;
    }
}
