package io.provisor.cli;

import io.provisor.engine.PolicyEngine;
import io.provisor.policytest.Outcome;
import io.provisor.policytest.PolicyTests;
import io.provisor.policytest.TestCase;
import io.provisor.policytest.TestCaseReader;
import io.provisor.policytest.TestCasesRejected;
import io.provisor.policytest.TestReport;
import io.provisor.policytest.TestResult;
import io.provisor.policytest.UncoveredRule;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code provisor test --rules DIR [--app NAME]}: runs each app's policy tests ({@code <app>/tests/*.json})
 * like a unit-test runner. Exit 0 when every test passes, 1 when one fails or an app's rules do not
 * compile, 2 when the command or a test file is unusable (before any test runs).
 */
final class TestCommand {

    private final PrintStream out;
    private final PolicyTests runner = new PolicyTests(new PolicyEngine());

    TestCommand(PrintStream out) {
        this.out = out;
    }

    int run(Args args) {
        Path rulesDir = Path.of(args.required("rules"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("test takes no file; the tests are read from <app>/" + TestCaseReader.FOLDER + " in the rules folder");
        }
        if (!Files.isDirectory(rulesDir)) {
            throw new UsageException("rules folder `" + rulesDir + "` does not exist");
        }
        RuleLibrary library = new RuleLibrary(rulesDir);
        String only = args.option("app", null);
        if (only != null && !library.knows(only)) {
            throw new UsageException("no app `" + only + "` in " + rulesDir);
        }
        List<String> apps = only != null ? List.of(only) : List.copyOf(library.appsOnDisk());
        if (apps.isEmpty()) {
            throw new UsageException("no app (a folder with app.json) in " + rulesDir);
        }
        // The test files are read first: a bad one stops the run before any rule set is compiled.
        Map<String, List<TestCase>> tests = new LinkedHashMap<>();
        for (String app : apps) {
            try {
                tests.put(app, TestCaseReader.readFolder(rulesDir, app));
            } catch (TestCasesRejected rejected) {
                throw new UsageException(rejected.getMessage());
            }
        }
        boolean failed = false;
        for (Map.Entry<String, List<TestCase>> app : tests.entrySet()) {
            failed |= !runApp(library, app.getKey(), app.getValue());
        }
        return failed ? 1 : 0;
    }

    /** Runs and prints one app's tests; false when a test failed or the rules do not compile. */
    private boolean runApp(RuleLibrary library, String app, List<TestCase> cases) {
        RuleSet rules = library.reload(app);
        if (rules == null) {
            Cli.printDiagnostics(out, library.diagnostics(app));
            out.println(app + ": the rules do not compile; no test ran");
            return false;
        }
        out.println(app + ": " + cases.size() + (cases.size() == 1 ? " test" : " tests") + " against revision " + rules.revision());
        if (cases.isEmpty()) {
            out.println("no tests: write them in " + app + "/" + TestCaseReader.FOLDER + "/*.json");
        }
        TestReport report = runner.run(rules, cases);
        report.results().forEach(this::print);
        out.println(report.passed() + " passed, " + report.failed() + " failed");
        printUncovered(report.uncovered());
        return report.failed() == 0;
    }

    private void print(TestResult result) {
        if (result.passed()) {
            out.println("PASS " + result.name());
            return;
        }
        out.println("FAIL " + result.name());
        out.println("     at " + result.source());
        if (result.error() != null) {
            out.println("     " + result.error());
            return;
        }
        Outcome expected = result.expected();
        Outcome actual = result.actual();
        String[][] rows = {
                {"", "expected", "actual"},
                {"action", expected.action().toString(), actual.action().toString()},
                {"code", expected.code(), actual.code()},
                {"rule", expected.rule() == null ? "(any)" : expected.rule(), actual.rule() == null ? "(none)" : actual.rule()}};
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int column = 0; column < 3; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        String format = "     %-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s";
        for (int i = 0; i < rows.length; i++) {
            String marker = i > 0 && differs(i, expected, actual) ? "<- differs" : "";
            out.println(String.format(format, rows[i][0], rows[i][1], rows[i][2], marker).stripTrailing());
        }
        out.println("     decision: " + result.summary());
        out.println("     cited: " + (result.reasons().isEmpty() ? "no rule" : String.join(", ", result.reasons())));
    }

    private static boolean differs(int row, Outcome expected, Outcome actual) {
        return switch (row) {
            case 1 -> expected.action() != actual.action();
            case 2 -> !expected.code().equals(actual.code());
            default -> expected.rule() != null && !expected.rule().equals(actual.rule());
        };
    }

    private void printUncovered(List<UncoveredRule> uncovered) {
        if (uncovered.isEmpty()) {
            out.println("rules not covered by any test: none");
            return;
        }
        out.println("rules not covered by any test:");
        int width = uncovered.stream().mapToInt(rule -> rule.id().length()).max().orElse(0);
        uncovered.forEach(rule -> out.println(String.format("  %-" + width + "s  %s:%d", rule.id(), rule.file(), rule.line())));
    }
}
