package io.caas.api.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleParserTest {

    private static boolean allows(String checkString, Map<String, Object> credentials, Map<String, Object> target) {
        return RuleParser.parse(checkString).allows(new PolicyRule.Evaluation() {
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
                return name.equals("yes");
            }
        });
    }

    private static final Map<String, Object> MEMBER = Map.of("roles", List.of("member", "reader"),
            "project_id", "p1", "user_id", "u1", "is_admin", false, "domain_id", "default");

    @Test
    void parsesPlaceholdersInsideParenthesesAsOneCheck() {
        PolicyRule rule = RuleParser.parse("(role:admin or project_id:%(project_id)s)");

        assertThat(rule).isEqualTo(new PolicyRule.Or(List.of(
                new PolicyRule.Role("admin"), new PolicyRule.Generic("project_id", "%(project_id)s"))));
    }

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        PolicyRule rule = RuleParser.parse("role:a or not role:b and role:c");

        assertThat(rule).isEqualTo(new PolicyRule.Or(List.of(new PolicyRule.Role("a"),
                new PolicyRule.And(List.of(new PolicyRule.Not(new PolicyRule.Role("b")), new PolicyRule.Role("c"))))));
    }

    @Test
    void operatorsAreCaseInsensitiveAndNestedParenthesesGroup() {
        PolicyRule rule = RuleParser.parse("((role:a OR role:b)) AND NOT role:c");

        assertThat(rule).isEqualTo(new PolicyRule.And(List.of(
                new PolicyRule.Or(List.of(new PolicyRule.Role("a"), new PolicyRule.Role("b"))),
                new PolicyRule.Not(new PolicyRule.Role("c")))));
    }

    @Test
    void emptyAndAtAllowAndBangDenies() {
        assertThat(allows("", MEMBER, Map.of())).isTrue();
        assertThat(allows("@", MEMBER, Map.of())).isTrue();
        assertThat(allows("!", MEMBER, Map.of())).isFalse();
        assertThat(allows("! or @", MEMBER, Map.of())).isTrue();
    }

    @Test
    void rolesCompareCaseInsensitively() {
        assertThat(allows("role:MEMBER", MEMBER, Map.of())).isTrue();
        assertThat(allows("role:admin", MEMBER, Map.of())).isFalse();
    }

    @Test
    void genericChecksSubstituteTheTargetAndDenyWhenItLacksTheAttribute() {
        assertThat(allows("project_id:%(project_id)s", MEMBER, Map.of("project_id", "p1"))).isTrue();
        assertThat(allows("project_id:%(project_id)s", MEMBER, Map.of("project_id", "p2"))).isFalse();
        assertThat(allows("project_id:%(project_id)s", MEMBER, Map.of())).isFalse();
        assertThat(allows("not domain_id:%(trustee_domain_id)s", MEMBER, Map.of())).isTrue();
        assertThat(allows("not domain_id:%(trustee_domain_id)s", MEMBER, Map.of("trustee_domain_id", "default")))
                .isFalse();
    }

    @Test
    void booleansCompareAsPythonSpellsThem() {
        assertThat(allows("is_admin:True", MEMBER, Map.of())).isFalse();
        assertThat(allows("is_admin:False", MEMBER, Map.of())).isTrue();
        assertThat(allows("is_admin:True", Map.of("is_admin", true), Map.of())).isTrue();
    }

    @Test
    void constantLeftSidesCompareWithTheTarget() {
        assertThat(allows("'public':%(visibility)s", MEMBER, Map.of("visibility", "public"))).isTrue();
        assertThat(allows("True:%(public)s", MEMBER, Map.of("public", true))).isTrue();
        assertThat(allows("True:%(public)s", MEMBER, Map.of("public", false))).isFalse();
    }

    @Test
    void listCredentialsMatchAnyElementAndDottedKindsWalkMaps() {
        Map<String, Object> credentials = Map.of("groups", List.of("g1", "g2"),
                "token", Map.of("project", Map.of("id", "p9")));

        assertThat(allows("groups:g2", credentials, Map.of())).isTrue();
        assertThat(allows("token.project.id:%(project_id)s", credentials, Map.of("project_id", "p9"))).isTrue();
        assertThat(allows("token.user.id:u1", credentials, Map.of())).isFalse();
    }

    @Test
    void ruleReferencesAskTheEvaluation() {
        assertThat(allows("rule:yes and role:member", MEMBER, Map.of())).isTrue();
        assertThat(allows("rule:no or role:admin", MEMBER, Map.of())).isFalse();
    }

    @Test
    void malformedCheckStringsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> RuleParser.parse("role:a or")).hasMessageContaining("ends where a check");
        assertThatThrownBy(() -> RuleParser.parse("(role:a")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> RuleParser.parse("role:a)")).hasMessageContaining("unexpected ')'");
        assertThatThrownBy(() -> RuleParser.parse("admin")).hasMessageContaining("kind:match");
        assertThatThrownBy(() -> RuleParser.parse("http://example.org/check"))
                .hasMessageContaining("not supported");
    }
}
