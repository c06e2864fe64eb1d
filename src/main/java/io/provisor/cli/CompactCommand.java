package io.provisor.cli;

import io.provisor.store.H2Compaction;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * {@code provisor compact [--data DIR] [--db-url URL]}: shrinks the embedded H2 file while provisor is stopped
 * ({@link H2Compaction}). Exit 0 when done, 2 when the store is in use or not an embedded H2 file.
 */
final class CompactCommand {

    private final PrintStream err;
    private final Map<String, String> env;

    CompactCommand(PrintStream err, Map<String, String> env) {
        this.err = err;
        this.env = env;
    }

    int run(Args args) {
        if (!args.positional().isEmpty()) {
            throw new UsageException("compact takes no file; it compacts the store under --data or --db-url");
        }
        long t0 = System.nanoTime();
        H2Compaction.Result result = H2Compaction.compact(Settings.from(args, env).store());
        err.printf(Locale.ROOT, "provisor: compacted %s from %,.1f MB to %,.1f MB in %.1f s%n", result.file(),
                result.bytesBefore() / 1e6, result.bytesAfter() / 1e6, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
