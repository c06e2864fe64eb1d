package io.provisor.store;

import io.provisor.model.LogEntry;
import io.provisor.store.JobRows.Escrow;
import io.provisor.store.JobRows.Link;
import io.provisor.store.JobRows.Staged;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes many objects' outcomes with one statement batch per kind of row. One object at a time took eight
 * statements per object, each a round trip to PostgreSQL (about 240 for the 30 outcomes of a cycle's commit).
 * Each object's rows are keyed by the object alone, so running every step for all objects, step by step,
 * leaves what running all steps object by object leaves, as long as no object comes twice: an object that
 * comes again starts a new run, so its outcomes land in the order they came.
 */
final class OutcomeRows {

    private final Connection connection;

    private OutcomeRows(Connection connection) {
        this.connection = connection;
    }

    /** {@code documents}: each commit's log records as JSON in UTF-8, in the order of its {@code logs}. */
    static void write(Connection connection, List<ObjectCommit> commits, List<List<byte[]>> documents) throws SQLException {
        OutcomeRows rows = new OutcomeRows(connection);
        Set<List<String>> inRun = new HashSet<>();
        int start = 0;
        for (int i = 0; i < commits.size(); i++) {
            ObjectCommit c = commits.get(i);
            if (!inRun.add(List.of(c.app(), c.objectType(), c.sourceId()))) {
                rows.run(commits.subList(start, i), documents.subList(start, i));
                inRun.clear();
                inRun.add(List.of(c.app(), c.objectType(), c.sourceId()));
                start = i;
            }
        }
        rows.run(commits.subList(start, commits.size()), documents.subList(start, commits.size()));
    }

    /** Commits of distinct objects. */
    private void run(List<ObjectCommit> commits, List<List<byte[]>> documents) throws SQLException {
        try (Batch unlink = batch("DELETE FROM app_link WHERE app = ? AND object_type = ? AND source_id = ?");
             Batch forgetMembers = batch("DELETE FROM app_group_member WHERE app = ? AND group_id = ?")) {
            for (ObjectCommit c : commits) {
                if (c.unlink()) {
                    unlink.add(c.app(), c.objectType(), c.sourceId());
                    forgetMembers.add(c.app(), c.sourceId());
                }
            }
        }
        putLinks(commits.stream().filter(c -> !c.unlink() && c.link() != null).map(ObjectCommit::link).toList());
        try (Batch forgetMembers = batch("DELETE FROM app_group_member WHERE app = ? AND group_id = ?");
             Batch addMember = batch("INSERT INTO app_group_member (app, group_id, member_id) VALUES (?, ?, ?)")) {
            for (ObjectCommit c : commits) {
                if (c.groupMembers() != null) {
                    forgetMembers.add(c.app(), c.sourceId());
                }
            }
            forgetMembers.run();
            for (ObjectCommit c : commits) {
                if (c.groupMembers() != null) {
                    for (String member : c.groupMembers()) {
                        addMember.add(c.app(), c.sourceId(), member);
                    }
                }
            }
        }
        boolean escrows = anyRow("app_escrow");
        try (Batch clear = batch("DELETE FROM app_escrow WHERE app = ? AND object_type = ? AND source_id = ?");
             Batch put = batch("INSERT INTO app_escrow (" + JobStore.ESCROW_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ObjectCommit c : commits) {
                if (escrows) {
                    clear.add(c.app(), c.objectType(), c.sourceId());
                }
            }
            clear.run();
            for (ObjectCommit c : commits) {
                Escrow e = c.escrow();
                if (e != null) {
                    put.add(e.app(), e.objectType(), e.sourceId(), e.attempts(), e.firstFailedAt(), e.nextAttemptAt(), e.errorCode(), e.reason());
                }
            }
        }
        boolean staged = anyRow("app_staged");
        try (Batch clear = batch("DELETE FROM app_staged WHERE app = ? AND object_type = ? AND source_id = ?");
             Batch put = batch("INSERT INTO app_staged (" + JobStore.STAGED_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ObjectCommit c : commits) {
                if (staged) {
                    clear.add(c.app(), c.objectType(), c.sourceId());
                }
            }
            clear.run();
            for (ObjectCommit c : commits) {
                Staged s = c.staged();
                if (s != null) {
                    put.add(s.app(), s.objectType(), s.sourceId(), s.action(), s.displayName(), s.code(), s.ruleId(), s.cause(),
                            s.cycleId(), s.stagedAt());
                }
            }
        }
        try (Batch ended = batch("DELETE FROM app_journal WHERE app = ? AND object_type = ? AND source_id = ?")) {
            for (ObjectCommit c : commits) {
                ended.add(c.app(), c.objectType(), c.sourceId());
            }
        }
        try (Batch facts = batch("INSERT INTO decision_facts (id, app, revision, recorded_at, facts) VALUES (?, ?, ?, ?, ?)")) {
            for (ObjectCommit c : commits) {
                RevisionStore.Facts f = c.facts();
                if (f != null) {
                    facts.add(f.id(), f.app(), f.revision(), f.recordedAt(), f.stored());
                }
            }
        }
        List<LogEntry> logs = new ArrayList<>();
        List<byte[]> logDocuments = new ArrayList<>();
        for (int i = 0; i < commits.size(); i++) {
            logs.addAll(commits.get(i).logs());
            logDocuments.addAll(documents.get(i));
        }
        if (!logs.isEmpty()) { // last: it locks the log's counter until the commit
            ProvisioningLogStore.append(connection, logs, logDocuments);
        }
    }

    /** Updates the links that exist and inserts the rest; {@code linked_at} of an existing link stays. */
    private void putLinks(List<Link> links) throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        int[] updated;
        try (Batch update = batch("UPDATE app_link SET target_id = ?, display_name = ?, cycle_id = ?"
                + " WHERE app = ? AND object_type = ? AND source_id = ?")) {
            for (Link l : links) {
                update.add(l.targetId(), l.displayName(), l.cycleId(), l.app(), l.objectType(), l.sourceId());
            }
            updated = update.run();
        }
        try (Batch insert = batch("INSERT INTO app_link (" + JobStore.LINK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < links.size(); i++) {
                if (updated[i] == Statement.SUCCESS_NO_INFO) {
                    throw new SQLException("the driver did not say whether a link existed; cannot tell an update from an insert");
                }
                if (updated[i] == 0) {
                    Link l = links.get(i);
                    insert.add(l.app(), l.objectType(), l.sourceId(), l.targetId(), l.displayName(), l.linkedAt(), l.cycleId());
                }
            }
        }
    }

    /**
     * Whether the table holds any row. Escrows and held deletions are rare, and clearing an object's row that
     * does not exist still costs a key lookup per object: when the table is empty there is nothing to clear.
     * Objects are locked while their outcome is pending, so no other transaction adds a row for one of them.
     */
    private boolean anyRow(String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT 1 FROM " + table + " FETCH FIRST 1 ROWS ONLY")) {
            return rs.next();
        }
    }

    private Batch batch(String sql) throws SQLException {
        return new Batch(connection.prepareStatement(sql));
    }

    /** A prepared statement gathering rows; whatever was added and not run yet runs on close. */
    private static final class Batch implements AutoCloseable {
        private final PreparedStatement statement;
        private int pending;

        Batch(PreparedStatement statement) {
            this.statement = statement;
        }

        void add(Object... parameters) throws SQLException {
            Jdbc.bind(statement, parameters);
            statement.addBatch();
            pending++;
        }

        int[] run() throws SQLException {
            if (pending == 0) {
                return new int[0];
            }
            pending = 0;
            return statement.executeBatch();
        }

        @Override
        public void close() throws SQLException {
            try (statement) {
                run();
            }
        }
    }
}
