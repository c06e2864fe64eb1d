package io.provisor.mapping.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One dynamic test per row of the tables under {@code src/test/resources/expressions}, then the
 * coverage check: every function of the language must be called by some row.
 */
class ExpressionTableTest {

    static final Path TABLES = Path.of("src/test/resources/expressions");
    private final Set<String> called = ConcurrentHashMap.newKeySet();

    @TestFactory
    Stream<DynamicNode> every_row_gives_its_expected_result() throws IOException {
        List<DynamicNode> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(TABLES)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode rows = new ObjectMapper().readTree(file.toFile());
                List<DynamicTest> tests = new ArrayList<>();
                for (JsonNode json : rows) {
                    ExpressionRow row = new ExpressionRow(json);
                    String name = "`" + row.expression().replaceAll("\\s+", " ") + "`";
                    tests.add(DynamicTest.dynamicTest(name, file.toUri(), () -> check(row)));
                }
                files.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), tests));
            }
        }
        return Stream.concat(files.stream(), Stream.of(DynamicTest.dynamicTest(
                "every function is called by some row", this::every_function_is_called)));
    }

    private void check(ExpressionRow row) {
        assertThat(row.note()).as("the row cites where it comes from").isNotBlank();
        Functions.names().stream().filter(name -> Pattern.compile("(?<![A-Za-z0-9_])" + name + "\\s*\\(")
                .matcher(row.expression()).find()).forEach(called::add);
        if (row.expectsError()) {
            ExpressionError error = catchThrowableOfType(() -> Expression.parse(row.expression(), row.knownAttributes())
                    .evaluate(row.context()), ExpressionError.class);
            assertThat(error).as("an error for " + row.expression()).isNotNull();
            assertThat(error.code()).as(error.getMessage()).isEqualTo(row.errorCode());
            assertThat(error.offset()).as(error.getMessage()).isEqualTo(row.errorOffset());
            assertThat(error.getMessage()).as("messages start in lower case").matches("[a-z`].*");
            return;
        }
        Expression expression = Expression.parse(row.expression(), row.knownAttributes());
        assertThat(expression.evaluate(row.context())).as(row.note()).isEqualTo(row.expected());
    }

    private void every_function_is_called() {
        Set<String> uncalled = new TreeSet<>(Functions.names());
        uncalled.removeAll(called);
        assertThat(uncalled).as("functions no row calls").isEmpty();
    }
}
