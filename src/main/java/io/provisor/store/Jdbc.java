package io.provisor.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small statements with positional parameters, for the tables whose rows are plain values. */
final class Jdbc {

    /** Reads one row of a result set. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Jdbc() {
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    static <T> List<T> query(Connection connection, String sql, RowReader<T> reader, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        }
    }

    static <T> Optional<T> first(Connection connection, String sql, RowReader<T> reader, Object... parameters) throws SQLException {
        List<T> rows = query(connection, sql, reader, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A column of UTF-8 bytes (log documents and decision facts, V13) as text. */
    static String utf8(ResultSet rs, int column) throws SQLException {
        return new String(rs.getBytes(column), StandardCharsets.UTF_8);
    }

    static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (value instanceof byte[] bytes) {
                statement.setBytes(i + 1, bytes);
            } else if (value == null) {
                statement.setNull(i + 1, java.sql.Types.NULL);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }
}
