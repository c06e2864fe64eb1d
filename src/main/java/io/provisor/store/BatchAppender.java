package io.provisor.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Appends rows with one prepared INSERT run as statement batches of up to 1,000 rows. */
final class BatchAppender implements RowAppender {

    private static final int BATCH = 1000;

    private final PreparedStatement insert;
    private int pending;

    BatchAppender(Connection connection, String table, List<String> columns) throws SQLException {
        insert = connection.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + "?, ".repeat(columns.size() - 1) + "?)");
    }

    @Override
    public void add(Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            insert.setObject(i + 1, values[i]);
        }
        insert.addBatch();
        if (++pending == BATCH) {
            flush();
        }
    }

    @Override
    public void flush() throws SQLException {
        if (pending > 0) {
            insert.executeBatch();
            pending = 0;
        }
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
