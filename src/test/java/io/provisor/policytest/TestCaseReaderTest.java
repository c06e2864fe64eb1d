package io.provisor.policytest;

import io.provisor.TestRules;
import io.provisor.codec.BadInput;
import io.provisor.codec.Json;
import io.provisor.model.Action;
import io.provisor.model.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TestCaseReaderTest {

    static final String FILE = "crm/tests/t.json";
    static final String CASE = """
            {"name": "alice gets an account", "description": "a direct assignment",
             "user": {"id": "u1", "userPrincipalName": "alice@contoso.com", "department": "Sales"},
             "groups": [{"id": "g1", "securityEnabled": true, "members": ["u1"]}],
             "assignments": [{"principalId": "g1", "principalType": "Group"}],
             "target": {"matches": []},
             "expect": {"action": "create", "code": "NoMatchFound", "rule": "processing.create"}}""";

    @TempDir
    Path dir;

    @Test
    void a_file_with_one_case_reads_as_that_case_with_its_facts_and_expectation() throws Exception {
        TestCase testCase = TestCaseReader.readFile(FILE, CASE).get(0);
        assertThat(testCase.name()).isEqualTo("alice gets an account");
        assertThat(testCase.source()).isEqualTo(FILE);
        assertThat(testCase.input().user().department()).isEqualTo("Sales");
        assertThat(testCase.input().groups()).hasSize(1);
        assertThat(testCase.input().assignments()).hasSize(1);
        assertThat(testCase.input().target().matches()).isEmpty();
        assertThat(testCase.expect()).isEqualTo(new Outcome(Action.CREATE, "NoMatchFound", "processing.create"));
    }

    @Test
    void a_file_with_a_list_reads_every_case_with_its_pointer() throws Exception {
        String second = CASE.replace("alice gets an account", "alice again").replace(", \"rule\": \"processing.create\"", "");
        List<TestCase> cases = TestCaseReader.readFile(FILE, "[" + CASE + ", " + second + "]");
        assertThat(cases).extracting(TestCase::source).containsExactly(FILE + "#/0", FILE + "#/1");
        assertThat(cases.get(1).expect().rule()).as("the rule is optional").isNull();
    }

    @Test
    void every_problem_is_reported_with_the_file_and_a_json_pointer() {
        String bad = "[" + CASE + ", {\"name\": \"bob\", \"user\": {\"userPrincipalName\": \"bob@contoso.com\"},"
                + " \"assignments\": [{\"principalType\": \"Robot\"}], \"expect\": {\"action\": \"provision\"}}]";
        TestCasesRejected rejected = catchThrowableOfType(TestCasesRejected.class, () -> TestCaseReader.readFile(FILE, bad));
        assertThat(rejected.diagnostics()).allSatisfy(d -> assertThat(d.file()).isEqualTo(FILE))
                .extracting(Diagnostic::pointer)
                .containsExactlyInAnyOrder("/1/user/id", "/1/assignments/0/principalId", "/1/assignments/0/principalType",
                        "/1/expect/action", "/1/expect/code");
        assertThat(rejected.getMessage()).startsWith(FILE + "#/1/").endsWith("(and 4 more)");
    }

    @Test
    void an_unknown_field_is_refused_so_a_misspelt_expectation_is_not_silently_ignored() {
        String typo = CASE.replace("\"expect\": {", "\"expected\": {\"x\": 1}, \"expect\": {\"because\": \"y\", ");
        TestCasesRejected rejected = catchThrowableOfType(TestCasesRejected.class, () -> TestCaseReader.readFile(FILE, typo));
        assertThat(rejected.diagnostics()).extracting(Diagnostic::pointer).containsExactly("/expected", "/expect/because");
        assertThat(rejected.diagnostics().get(0).message()).contains("unknown field `expected`");
    }

    @Test
    void a_case_needs_a_name_and_an_expectation() {
        TestCasesRejected rejected = catchThrowableOfType(TestCasesRejected.class,
                () -> TestCaseReader.readFile(FILE, "{\"user\": {\"id\": \"u1\"}}"));
        assertThat(rejected.diagnostics()).extracting(Diagnostic::pointer).containsExactly("/name", "/expect");
    }

    @Test
    void names_are_unique_across_the_files_of_an_app() {
        TestRules.write(dir.resolve("crm/tests/a.json"), CASE);
        TestRules.write(dir.resolve("crm/tests/b.json"), "[" + CASE + "]");
        TestCasesRejected rejected = catchThrowableOfType(TestCasesRejected.class, () -> TestCaseReader.readFolder(dir, "crm"));
        assertThat(rejected.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("crm/tests/b.json");
            assertThat(d.pointer()).isEqualTo("/0/name");
            assertThat(d.message()).contains("also defined at crm/tests/a.json");
        });
    }

    @Test
    void a_folder_is_read_file_by_file_in_name_order_and_other_files_are_left_alone() throws Exception {
        TestRules.write(dir.resolve("crm/tests/b.json"), CASE.replace("alice gets an account", "second"));
        TestRules.write(dir.resolve("crm/tests/a.json"), CASE.replace("alice gets an account", "first"));
        TestRules.write(dir.resolve("crm/tests/notes.md"), "not a test");
        assertThat(TestCaseReader.readFolder(dir, "crm")).extracting(TestCase::name).containsExactly("first", "second");
    }

    @Test
    void an_app_without_a_tests_folder_has_no_tests() throws Exception {
        assertThat(TestCaseReader.readFolder(dir, "crm")).isEmpty();
    }

    @Test
    void malformed_json_is_reported_with_the_file_line_and_column() {
        TestCasesRejected rejected = catchThrowableOfType(TestCasesRejected.class,
                () -> TestCaseReader.readFile(FILE, "[\n  {\"name\": }\n]"));
        assertThat(rejected.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(2);
            assertThat(d.column()).isPositive();
            assertThat(d.code()).isEqualTo("json_malformed");
        });
        assertThat(rejected.getMessage()).startsWith(FILE + ":2:");
    }

    @Test
    void cases_in_a_request_body_report_problems_with_pointers_into_the_body() throws Exception {
        var body = Json.mapper().readTree("{\"tests\": [" + CASE + ", {\"name\": \"x\", \"user\": {}, \"expect\": {}}]}");
        assertThatThrownBy(() -> TestCaseReader.readBody(body.get("tests"), "/tests")).isInstanceOfSatisfying(BadInput.class,
                e -> assertThat(e.problems()).extracting(BadInput.Problem::pointer)
                        .containsExactly("/tests/1/user/id", "/tests/1/expect/action", "/tests/1/expect/code"));
        assertThat(TestCaseReader.readBody(body.get("tests").get(0), "/tests")).extracting(TestCase::source).containsExactly("/tests");
    }
}
