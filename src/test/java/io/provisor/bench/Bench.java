package io.provisor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** What the benchmark commands share: their key=value arguments, how figures print, and cleaning up. */
final class Bench {

    private Bench() {
    }

    /** Adds {@code key=value} arguments (a leading {@code -} or {@code --} is dropped) to {@code options}. */
    static Map<String, String> options(String[] args, Map<String, String> options) {
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are key=value, not `" + arg + "`");
            }
            options.put(arg.substring(0, eq).replaceFirst("^-+", ""), arg.substring(eq + 1));
        }
        return options;
    }

    /** An integer option; underscores are allowed as in Java literals ({@code users=1_000_000}). */
    static int integer(Map<String, String> options, String key, int fallback) {
        return Integer.parseInt(options.getOrDefault(key, Integer.toString(fallback)).replace("_", ""));
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String perSecond(long count, long nanos) {
        return nanos <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f", count / (nanos / 1e9));
    }

    /** The bytes of the files under a folder. */
    static long treeBytes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    static String megabytes(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,d MB", bytes >> 20);
    }

    /** Deletes a folder and everything in it; a missing folder is fine. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
