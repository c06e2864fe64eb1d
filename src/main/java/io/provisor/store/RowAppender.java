package io.provisor.store;

import java.sql.SQLException;

/**
 * Rows appended to one table in the current transaction and sent in bulk: as statement batches, or on
 * PostgreSQL through {@code COPY ... FROM STDIN} (see {@link Dialect#appender}). Either way they are
 * part of the transaction and roll back with it. Values are strings, numbers, booleans, timestamps (Timestamp or OffsetDateTime) or null.
 */
interface RowAppender extends AutoCloseable {

    /** Queues a row, its values in the order of the appender's columns; may send the rows queued so far. */
    void add(Object... values) throws SQLException;

    /** Sends the rows queued. */
    void flush() throws SQLException;

    @Override
    void close() throws SQLException;
}
