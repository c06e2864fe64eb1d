package io.provisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A rules folder in a temp directory: the shipped common rules and the samples' app, ready to be changed. */
public final class TestRules {

    private TestRules() {
    }

    /** Copies {@code rules/} (common and every app) into {@code dir/rules} and returns that folder. */
    public static Path copyShipped(Path dir) {
        Path target = dir.resolve("rules");
        Path source = Path.of("rules");
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rule with the metadata every rule needs, around the given condition and consequence. */
    public static String rule(String id, String when, String then) {
        return "rule \"" + id + "\"\n    @code(\"Test\")\n    @reason(\"a test rule\")\nwhen\n    " + when
                + "\nthen\n    " + then + "\nend\n";
    }

    /** The condition a {@link #failingOn} rule throws on: {@code displayName.substring(500)}, past the end of any real name. */
    public static final String FAILING_CONDITION = "displayName.substring(500) != null";

    /**
     * A rule file whose rule {@code id} throws on the users {@code users} (a User pattern's constraints, say
     * {@code department == "Sales"}) select, as a rule with a careless condition does on some users' data.
     */
    public static String failingOn(String id, String users) {
        return HEADER + rule(id, "User(" + users + ", " + FAILING_CONDITION + ")", "insertLogical(new Entitled());");
    }

    public static final String HEADER = "package test;\n\nimport io.provisor.rules.facts.*;\n\n";
}
