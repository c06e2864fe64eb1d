package io.provisor.mapping.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The public surface: parsing limits, what an Expression reports about itself, and sharing it. */
class ExpressionTest {

    private static final List<String> DOCUMENTED_FUNCTIONS = List.of("Append", "AppRoleAssignmentsComplex",
            "AssertiveAppRoleAssignmentsComplex", "BitAnd", "CBool", "CDate", "Coalesce", "ConvertToBase64",
            "ConvertToUTF8Hex", "Count", "CStr", "DateAdd", "DateDiff", "DateFromNum", "FormatDateTime", "Guid",
            "IgnoreFlowIfNullOrEmpty", "IIF", "InStr", "IsNull", "IsNullOrEmpty", "IsPresent", "IsString", "Item",
            "Join", "Left", "Mid", "NormalizeDiacritics", "Not", "Now", "NumFromDate", "PCase", "RandomString",
            "Redact", "RemoveDuplicates", "Replace", "SelectUniqueValue", "SingleAppRoleAssignment", "Split",
            "StripSpaces", "Switch", "ToLower", "ToUpper", "Word");

    @Test
    void the_table_holds_exactly_the_documented_functions() {
        assertThat(Functions.names()).containsExactlyInAnyOrderElementsOf(DOCUMENTED_FUNCTIONS).hasSize(44);
    }

    @Test
    void an_expression_of_10000_characters_is_accepted() {
        String text = "\"" + "x".repeat(9_998) + "\"";
        assertThat(Expression.parse(text, name -> true).evaluate(context(Map.of()))).isEqualTo("x".repeat(9_998));
    }

    @Test
    void an_expression_over_10000_characters_is_rejected_at_the_limit() {
        String text = "\"" + "x".repeat(9_999) + "\"";
        ExpressionError error = catchThrowableOfType(() -> Expression.parse(text, name -> true), ExpressionError.class);
        assertThat(error.code()).isEqualTo("expression_too_long");
        assertThat(error.offset()).isEqualTo(10_000);
        assertThat(error.getMessage()).isEqualTo("the expression is 10001 characters long; the limit is 10,000");
    }

    @Test
    void calls_nested_more_than_100_deep_are_rejected_where_the_101st_starts() {
        String text = "Not(".repeat(101) + "True" + ")".repeat(101);
        ExpressionError error = catchThrowableOfType(() -> Expression.parse(text, name -> true), ExpressionError.class);
        assertThat(error.code()).isEqualTo("too_deep");
        assertThat(error.offset()).isEqualTo(400);
        assertThat(Expression.parse("Not(".repeat(100) + "True" + ")".repeat(100), name -> true).evaluate(context(Map.of())))
                .isEqualTo(true);
    }

    @Test
    void attributes_lists_each_attribute_once_in_order_of_appearance() {
        Expression expression = Expression.parse(
                "Join(\" \", [givenName], IIF([country] = \"NZ\", [surname], [givenName]), AppRoleAssignmentsComplex([appRoleAssignments]))",
                name -> !name.equals("appRoleAssignments"));
        assertThat(expression.attributes()).containsExactly("givenName", "country", "surname", "appRoleAssignments");
    }

    @Test
    void the_role_argument_is_not_checked_against_the_known_attributes() {
        Expression expression = Expression.parse("SingleAppRoleAssignment([appRoleAssignments])", name -> false);
        assertThat(expression.text()).isEqualTo("SingleAppRoleAssignment([appRoleAssignments])");
    }

    @Test
    void an_unknown_function_in_the_wrong_case_suggests_the_right_one() {
        ExpressionError error = catchThrowableOfType(() -> Expression.parse("toLower([a])", name -> true), ExpressionError.class);
        assertThat(error.getMessage()).isEqualTo("unknown function `toLower`; function names are case-sensitive: did you mean `ToLower`?");
    }

    @Test
    void a_redacted_value_shows_as_redact_and_flows_as_its_value() {
        Object result = Expression.parse("Redact([password])", name -> true).evaluate(context(Map.of("password", "s3cret")));
        assertThat(result).hasToString("[Redact]").isEqualTo(new Redacted("s3cret"));
    }

    @Test
    void one_expression_evaluates_on_many_threads_at_once() throws Exception {
        Expression expression = Expression.parse("Join(\".\", ToLower([givenName]), Mid([surname], 1, 3))", name -> true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Object>> jobs = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                Map<String, Object> user = Map.of("givenName", "Given" + i, "surname", "Surname" + i % 7);
                jobs.add(() -> expression.evaluate(context(user)));
            }
            List<Future<Object>> results = pool.invokeAll(jobs);
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo("given" + i + ".Sur");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Expression.Context context(Map<String, Object> attributes) {
        return new ExpressionRow.TestContext(attributes);
    }
}
