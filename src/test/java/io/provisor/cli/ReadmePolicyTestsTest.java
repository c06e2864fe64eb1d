package io.provisor.cli;

import io.provisor.TestRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Policy tests" walkthrough, run as written: its test file and rule are saved where it
 * says, its command runs, and each output it shows is what the command prints. In a shown output,
 * {@code ...} stands for any lines; revisions and line numbers may differ.
 */
class ReadmePolicyTestsTest {

    private static final Pattern BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);
    private static final String JAR = "java -jar target/provisor.jar ";

    @TempDir
    Path dir;

    record Block(String language, String text) {
    }

    record Run(int exit, String out) {
    }

    @Test
    void an_admin_writes_a_test_for_a_new_scoping_rule_sees_it_fail_fixes_the_rule_and_sees_it_pass() throws IOException {
        String section = section();
        Block test = blocks(section, "json").get(0);
        Block rule = blocks(section, "drl").get(0);
        List<Block> outputs = blocks(section, "text");
        assertThat(section).contains("`rules/contoso-crm/tests/customer-success.json`", "`rules/contoso-crm/customer-success.drl`");

        Path rules = TestRules.copyShipped(dir);
        TestRules.write(rules.resolve("contoso-crm/tests/customer-success.json"), test.text());
        TestRules.write(rules.resolve("contoso-crm/customer-success.drl"), rule.text());
        List<String> command = command(blocks(section, "sh").get(0).text().strip(), rules);

        Run failing = run(command);
        assertThat(failing.exit()).isEqualTo(1);
        assertShown(outputs.get(0).text(), failing.out());

        String fix = "User(jobTitle == \"Customer Success Manager\")";
        assertThat(section).contains("`" + fix + "`");
        TestRules.write(rules.resolve("contoso-crm/customer-success.drl"),
                rule.text().replace("Customer success manager", "Customer Success Manager"));
        Run passing = run(command);
        assertThat(passing.exit()).isZero();
        assertShown(outputs.get(1).text(), passing.out());
        assertThat(passing.out()).doesNotContain("scoping.customer-success");
    }

    @Test
    void the_test_command_on_the_samples_prints_what_the_readme_shows() throws IOException {
        String section = section();
        String samples = JAR + "test --rules rules";
        assertThat(section).contains("`" + samples + "`");
        Run run = run(command(samples, Path.of("rules")));
        assertThat(run.exit()).isZero();
        assertShown(blocks(section, "text").get(2).text(), run.out());
    }

    private static String section() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("### Policy tests");
        assertThat(start).as("README has a Policy tests section").isNotNegative();
        int end = readme.indexOf("\n## ", start);
        return readme.substring(start, end);
    }

    private static List<Block> blocks(String text, String language) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(language)) {
                blocks.add(new Block(language, matcher.group(2)));
            }
        }
        return blocks;
    }

    /** The arguments of a README command line, with its {@code --rules} folder replaced. */
    private static List<String> command(String line, Path rules) {
        assertThat(line).startsWith(JAR);
        List<String> args = new ArrayList<>(Arrays.asList(line.substring(JAR.length()).split(" +")));
        args.set(args.indexOf("--rules") + 1, rules.toString());
        return args;
    }

    private static Run run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()), Map.of())
                .run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    /** The shown lines appear in the actual output: runs between {@code ...} as consecutive lines, in order. */
    private static void assertShown(String shown, String actual) {
        List<String> lines = normalized(actual);
        List<List<String>> runs = new ArrayList<>(List.of(new ArrayList<>()));
        for (String line : normalized(shown)) {
            if (line.equals("...")) {
                runs.add(new ArrayList<>());
            } else {
                runs.get(runs.size() - 1).add(line);
            }
        }
        int at = 0;
        for (int i = 0; i < runs.size(); i++) {
            List<String> run = runs.get(i);
            int found = i == 0 ? (startsWith(lines, run, 0) ? 0 : -1) : indexOf(lines, run, at);
            assertThat(found).as("README shows\n%s\nin the output\n%s", String.join("\n", run), actual).isNotNegative();
            at = found + run.size();
        }
        if (!runs.get(runs.size() - 1).isEmpty()) {
            assertThat(at).as("the output ends where the README's does:\n" + actual).isEqualTo(lines.size());
        }
    }

    private static List<String> normalized(String text) {
        return text.strip().lines().map(line -> line.replaceAll("revision [0-9a-f]{16}", "revision *")
                .replaceAll("\\.drl:\\d+", ".drl:N").stripTrailing()).toList();
    }

    private static int indexOf(List<String> lines, List<String> run, int from) {
        for (int i = from; i + run.size() <= lines.size(); i++) {
            if (startsWith(lines, run, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(List<String> lines, List<String> run, int at) {
        return at + run.size() <= lines.size() && lines.subList(at, at + run.size()).equals(run);
    }
}
