package io.provisor.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.api.ErrorCode;

/**
 * Shrinks the embedded H2 file while provisor is stopped. {@link H2Housekeeping} frees space inside the file for
 * later commits to reuse but never gives it back to the disk; H2's {@code SHUTDOWN COMPACT} copies the live data
 * into a new file. It needs the database to itself: H2 locks the file while another process has it open, and
 * this is refused. Run it in a process of its own (the {@code compact} command): within one JVM, H2 hands every
 * connection to a file the same open database, and the compaction would shut it down under its other users.
 */
public final class H2Compaction {

    /** The file's size before and after, in bytes. */
    public record Result(Path file, long bytesBefore, long bytesAfter) {
    }

    private static final String FILE_PREFIX = "jdbc:h2:file:";

    private H2Compaction() {
    }

    public static Result compact(StoreSettings settings) {
        Path file = fileOf(settings.url());
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no H2 database at " + file);
        }
        long before = size(file);
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new StoreException("the database " + file + " is in use: stop provisor, then compact", e);
            }
            throw new StoreException("cannot compact " + file + ": " + e.getMessage(), e);
        }
        return new Result(file, before, size(file));
    }

    /** The {@code .mv.db} file of an embedded H2 URL; other URLs are refused. */
    static Path fileOf(String url) {
        if (!url.startsWith(FILE_PREFIX)) {
            throw new StoreException("compact works on the embedded H2 file only (a jdbc:h2:file: URL); PostgreSQL gives"
                    + " space back with VACUUM");
        }
        String name = url.substring(FILE_PREFIX.length());
        int options = name.indexOf(';');
        return Path.of((options < 0 ? name : name.substring(0, options)) + ".mv.db");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StoreException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }
}
