package io.provisor.policytest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.FactReader;
import io.provisor.codec.Json;
import io.provisor.engine.EvaluationInput;
import io.provisor.model.Action;
import io.provisor.model.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads test cases from JSON: a test file ({@code rules/<app>/tests/*.json}) or the {@code tests} of a
 * request body. Every problem is collected with its JSON pointer before any case is returned, and case
 * names must be unique among the cases read together.
 */
public final class TestCaseReader {

    /** The folder of an app's test files, inside the app's rules folder. */
    public static final String FOLDER = "tests";

    private static final Set<String> CASE_FIELDS = Set.of("name", "description", "user", "groups", "assignments", "target", "expect");
    private static final Set<String> EXPECT_FIELDS = Set.of("action", "code", "rule");
    private static final String ACTIONS = Arrays.stream(Action.values()).map(Action::toString).collect(Collectors.joining(", "));

    private final List<Diagnostic> problems = new ArrayList<>();
    private final Map<String, String> sourceByName = new HashMap<>();
    private String file;

    private TestCaseReader() {
    }

    /** The cases of every {@code *.json} file in {@code <rulesRoot>/<app>/tests}, files in name order; none without the folder. */
    public static List<TestCase> readFolder(Path rulesRoot, String app) throws TestCasesRejected {
        Path folder = rulesRoot.resolve(app).resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        TestCaseReader reader = new TestCaseReader();
        List<TestCase> cases = new ArrayList<>();
        for (Path path : jsonFiles(folder)) {
            cases.addAll(reader.file(app + "/" + FOLDER + "/" + path.getFileName(), read(path)));
        }
        reader.throwIfAny();
        return cases;
    }

    /** The cases of one test file; {@code path} names it in problems (relative to the rules folder). */
    public static List<TestCase> readFile(String path, String text) throws TestCasesRejected {
        TestCaseReader reader = new TestCaseReader();
        List<TestCase> cases = reader.file(path, text);
        reader.throwIfAny();
        return cases;
    }

    /** The cases of a request body's value at {@code pointer} (one case or a list); problems carry pointers into the body. */
    public static List<TestCase> readBody(JsonNode node, String pointer) {
        TestCaseReader reader = new TestCaseReader();
        List<TestCase> cases = reader.cases(node, pointer);
        if (!reader.problems.isEmpty()) {
            throw new BadInput(reader.problems.stream().map(d -> new BadInput.Problem(d.pointer(), d.message())).toList());
        }
        return cases;
    }

    private List<TestCase> file(String path, String text) {
        file = path;
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            problems.add(Diagnostic.error(path, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), "json_malformed",
                    "the file is not valid JSON: " + e.getOriginalMessage()));
            return List.of();
        }
        if (node == null || node.isMissingNode()) {
            problem("", "the file is empty; write one test case or a list of them");
            return List.of();
        }
        return cases(node, "");
    }

    private List<TestCase> cases(JsonNode node, String pointer) {
        List<TestCase> cases = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                TestCase testCase = testCase(node.get(i), pointer + "/" + i);
                if (testCase != null) {
                    cases.add(testCase);
                }
            }
        } else {
            TestCase testCase = testCase(node, pointer);
            if (testCase != null) {
                cases.add(testCase);
            }
        }
        return cases;
    }

    private TestCase testCase(JsonNode node, String pointer) {
        if (!node.isObject()) {
            problem(pointer, "a test case is an object with `name`, `user` and `expect`");
            return null;
        }
        int before = problems.size();
        unknownFields(node, pointer, CASE_FIELDS, "a test case has name, description, user, groups, assignments, target and expect");
        String name = name(node, pointer);
        EvaluationInput input = facts(node, pointer);
        Outcome expect = expectation(node.path("expect"), pointer + "/expect");
        return problems.size() > before ? null : new TestCase(name, source(pointer), input, expect);
    }

    private String name(JsonNode node, String pointer) {
        JsonNode name = node.path("name");
        if (!name.isTextual() || name.asText().isBlank()) {
            problem(pointer + "/name", "a test case needs a `name`: a sentence saying what it checks");
            return null;
        }
        String earlier = sourceByName.putIfAbsent(name.asText(), source(pointer));
        if (earlier != null) {
            problem(pointer + "/name", "test `" + name.asText() + "` is also defined at " + earlier + "; names must be unique");
        }
        return name.asText();
    }

    private EvaluationInput facts(JsonNode node, String pointer) {
        try {
            return FactReader.evaluationInput(node);
        } catch (BadInput e) {
            e.problems().forEach(p -> problem(pointer + p.pointer(), p.message()));
            return null;
        }
    }

    private Outcome expectation(JsonNode expect, String pointer) {
        if (!expect.isObject()) {
            problem(pointer, "a test case needs `expect`: {\"action\": \"create\", \"code\": \"NoMatchFound\"}, optionally with a `rule`");
            return null;
        }
        unknownFields(expect, pointer, EXPECT_FIELDS, "`expect` has action, code and rule");
        Action action = null;
        String actionText = expect.path("action").asText("");
        try {
            action = Action.parse(actionText);
        } catch (IllegalArgumentException e) {
            problem(pointer + "/action", "`action` must be one of " + ACTIONS + (actionText.isEmpty() ? "" : ", not `" + actionText + "`"));
        }
        String code = text(expect, "code", pointer, true);
        String rule = text(expect, "rule", pointer, false);
        return new Outcome(action, code, rule);
    }

    private String text(JsonNode node, String field, String pointer, boolean required) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                problem(pointer + "/" + field, "`" + field + "` is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problem(pointer + "/" + field, "`" + field + "` must be a non-empty string");
            return null;
        }
        return value.asText();
    }

    private void unknownFields(JsonNode node, String pointer, Set<String> known, String help) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(pointer + "/" + escape(name), "unknown field `" + name + "`; " + help);
            }
        }
    }

    /** {@code file#pointer}; a file's only case is the file, a body's case its pointer. */
    private String source(String pointer) {
        if (file == null) {
            return pointer;
        }
        return pointer.isEmpty() ? file : file + "#" + pointer;
    }

    private void problem(String pointer, String message) {
        problems.add(Diagnostic.jsonError(file, pointer, "test_case_invalid", message));
    }

    private void throwIfAny() throws TestCasesRejected {
        if (!problems.isEmpty()) {
            throw new TestCasesRejected(problems);
        }
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static List<Path> jsonFiles(Path folder) {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
