package io.provisor.rules;

import io.provisor.model.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Mapping configuration errors are found when the app loads, with pointers and expression positions. */
class MappingConfigTest {

    private static List<Diagnostic> errors(String mappings) {
        String appJson = "{\"name\": \"crm\", \"mappings\": [" + mappings + "]}";
        try {
            new RuleSetCompiler().compile("crm", List.of(RuleFile.of("crm/app.json", appJson)));
        } catch (RuleSetRejected rejected) {
            return rejected.diagnostics();
        }
        return fail("the app loaded");
    }

    private static final String USER_NAME = "{\"target\": \"userName\", \"source\": \"userPrincipalName\", \"matching\": 1}";

    @Test
    void an_unknown_function_is_reported_with_its_position() {
        assertThat(errors(USER_NAME + ", {\"target\": \"displayName\", \"expression\": \"Join(\\\" \\\", Upper([givenName]))\"}"))
                .singleElement().satisfies(d -> {
                    assertThat(d.code()).isEqualTo("unknown_function");
                    assertThat(d.pointer()).isEqualTo("/mappings/1/expression");
                    assertThat(d.column()).isEqualTo(11);
                });
    }

    @Test
    void a_wrong_argument_count_an_unknown_attribute_and_a_bad_path_are_reported() {
        List<Diagnostic> diagnostics = errors(USER_NAME
                + ", {\"target\": \"title\", \"expression\": \"Left([jobTitle])\"}"
                + ", {\"target\": \"nickName\", \"source\": \"nickname\"}"
                + ", {\"target\": \"emails[type eq work].value\", \"source\": \"mail\"}");
        assertThat(diagnostics).extracting(Diagnostic::code).containsExactly("argument_count", "attribute_unknown", "target_path_invalid");
    }

    @Test
    void an_expression_over_ten_thousand_characters_is_refused() {
        String huge = "Append([mail], \\\"" + "x".repeat(10_001) + "\\\")";
        assertThat(errors(USER_NAME + ", {\"target\": \"title\", \"expression\": \"" + huge + "\"}"))
                .extracting(Diagnostic::code).containsExactly("expression_too_long");
    }

    @Test
    void matching_comes_from_the_mappings_only() {
        String appJson = "{\"name\": \"crm\", \"matching\": [{\"source\": \"mail\", \"target\": \"userName\"}], \"mappings\": [" + USER_NAME + "]}";
        try {
            new RuleSetCompiler().compile("crm", List.of(RuleFile.of("crm/app.json", appJson)));
            fail("the app loaded");
        } catch (RuleSetRejected rejected) {
            assertThat(rejected.diagnostics()).extracting(Diagnostic::code).containsExactly("matching_twice");
        }
    }

    @Test
    void an_app_needs_a_matching_mapping() {
        assertThat(errors("{\"target\": \"userName\", \"source\": \"userPrincipalName\"}")).extracting(Diagnostic::code)
                .containsExactly("matching_missing");
    }

    @Test
    void the_matching_list_is_derived_from_the_mappings_in_precedence_order() throws Exception {
        String appJson = "{\"name\": \"crm\", \"mappings\": [{\"target\": \"emails[type eq \\\"work\\\"].value\", \"source\": \"mail\", \"matching\": 2}, "
                + USER_NAME + "]}";
        RuleSet rules = new RuleSetCompiler().compile("crm", List.of(RuleFile.of("crm/app.json", appJson)));
        assertThat(rules.app().matching()).extracting(m -> m.source()).containsExactly("userPrincipalName", "mail");
    }
}
