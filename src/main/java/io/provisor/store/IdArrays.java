package io.provisor.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Ids passed to {@code = ANY(?)} reads as array parameters, a bounded number at a time. */
final class IdArrays {

    /** Ids per {@code = ANY(?)} read: keeps each array parameter small. */
    static final int CHUNK = 1000;

    private IdArrays() {
    }

    static Array array(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("VARCHAR", values.toArray());
    }

    static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) {
            chunks.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
        }
        return chunks;
    }
}
