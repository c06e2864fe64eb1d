package io.provisor.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Appends rows to a PostgreSQL table with {@code COPY ... FROM STDIN} in the text format, about 1 MB
 * per COPY: the server parses one stream of rows instead of the statement and parameters of a
 * multi-row INSERT. The COPY runs in the connection's transaction like any statement.
 */
final class CopyAppender implements RowAppender {

    private static final int FLUSH_CHARS = 1 << 20;

    private final CopyManager copy;
    private final String sql;
    private final StringBuilder rows = new StringBuilder();

    CopyAppender(Connection connection, String table, List<String> columns) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
    }

    @Override
    public void add(Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                rows.append('\t');
            }
            append(values[i]);
        }
        rows.append('\n');
        if (rows.length() >= FLUSH_CHARS) {
            flush();
        }
    }

    private void append(Object value) {
        if (value == null) {
            rows.append("\\N");
        } else if (value instanceof Timestamp timestamp) {
            // an instant in ISO 8601 with its zone, so the session's time zone plays no part
            rows.append(timestamp.toInstant().truncatedTo(ChronoUnit.MICROS));
        } else if (value instanceof java.time.OffsetDateTime time) {
            rows.append(time); // ISO 8601 with its offset
        } else if (value instanceof Boolean bool) {
            rows.append(bool ? 't' : 'f');
        } else if (value instanceof Number number) {
            rows.append(number);
        } else {
            escape(value.toString());
        }
    }

    /** The text format's escapes: a backslash and the row and column separators. */
    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                case '\t' -> rows.append("\\t");
                default -> rows.append(c);
            }
        }
    }

    @Override
    public void flush() throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        rows.setLength(0);
        CopyIn in = copy.copyIn(sql);
        try {
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    @Override
    public void close() {
        rows.setLength(0);
    }
}
