package io.provisor.store;

import io.provisor.codec.Json;
import io.provisor.model.LogEntry;
import io.provisor.store.JobRows.Escrow;
import io.provisor.store.JobRows.Job;
import io.provisor.store.JobRows.Journal;
import io.provisor.store.JobRows.Link;
import io.provisor.store.JobRows.QuarantineRow;
import io.provisor.store.JobRows.Staged;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Provisioning jobs in the database: state, links, escrows, staged deletions and the write journal. */
public final class JobStore {

    private static final String JOB_COLUMNS = "app, state, watermark, revision, cycle_id, cycle_kind, cycle_cursor, cycle_started_at,"
            + " quarantine_reason, quarantine_error, quarantine_series_began, quarantine_current_began, quarantine_next_attempt,"
            + " quarantine_series_count, last_cycle";
    static final String LINK_COLUMNS = "app, object_type, source_id, target_id, display_name, linked_at, cycle_id";
    static final String ESCROW_COLUMNS = "app, object_type, source_id, attempts, first_failed_at, next_attempt_at, error_code, reason";
    static final String STAGED_COLUMNS = "app, object_type, source_id, action, display_name, code, rule_id, cause, cycle_id, staged_at";

    private final Database database;

    public JobStore(Database database) {
        this.database = database;
    }

    public Database database() {
        return database;
    }

    // ---- jobs

    public Optional<Job> job(String app) {
        return database.transaction(connection -> Jdbc.first(connection, "SELECT " + JOB_COLUMNS + " FROM app_job WHERE app = ?",
                JobStore::job, app));
    }

    public void saveJob(Job job) {
        database.transaction(connection -> {
            Object[] values = {job.state(), job.watermark(), job.revision(), job.cycleId(), job.cycleKind(), job.cycleCursor(),
                    job.cycleStartedAt(), q(job).reason(), q(job).error(), q(job).seriesBegan(), q(job).currentBegan(),
                    q(job).nextAttempt(), q(job).seriesCount(), job.lastCycle(), Instant.now(), job.app()};
            int updated = Jdbc.update(connection, "UPDATE app_job SET state = ?, watermark = ?, revision = ?, cycle_id = ?, cycle_kind = ?,"
                    + " cycle_cursor = ?, cycle_started_at = ?, quarantine_reason = ?, quarantine_error = ?, quarantine_series_began = ?,"
                    + " quarantine_current_began = ?, quarantine_next_attempt = ?, quarantine_series_count = ?, last_cycle = ?,"
                    + " updated_at = ? WHERE app = ?", values);
            if (updated == 0) {
                Jdbc.update(connection, "INSERT INTO app_job (state, watermark, revision, cycle_id, cycle_kind, cycle_cursor,"
                        + " cycle_started_at, quarantine_reason, quarantine_error, quarantine_series_began, quarantine_current_began,"
                        + " quarantine_next_attempt, quarantine_series_count, last_cycle, updated_at, app)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
            }
            return null;
        });
    }

    /** Records how far an initial cycle got, so a restarted process resumes after it. */
    public void saveCursor(String app, String cycleId, String cursor) {
        database.transaction(connection -> Jdbc.update(connection,
                "UPDATE app_job SET cycle_cursor = ?, updated_at = ? WHERE app = ? AND cycle_id = ?", cursor, Instant.now(), app, cycleId));
    }

    private static QuarantineRow q(Job job) {
        return job.quarantine() == null ? new QuarantineRow(null, null, null, null, null, 0) : job.quarantine();
    }

    private static Job job(ResultSet rs) throws SQLException {
        long watermark = rs.getLong(3);
        Long mark = rs.wasNull() ? null : watermark;
        QuarantineRow quarantine = rs.getString(9) == null ? null : new QuarantineRow(rs.getString(9), rs.getString(10),
                Jdbc.instant(rs, 11), Jdbc.instant(rs, 12), Jdbc.instant(rs, 13), rs.getInt(14));
        return new Job(rs.getString(1), rs.getString(2), mark, rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                Jdbc.instant(rs, 8), quarantine, rs.getString(15));
    }

    // ---- links

    public Optional<Link> link(String app, String objectType, String sourceId) {
        return database.transaction(connection -> Jdbc.first(connection, "SELECT " + LINK_COLUMNS
                + " FROM app_link WHERE app = ? AND object_type = ? AND source_id = ?", JobStore::link, app, objectType, sourceId));
    }

    public List<Link> links(String app, String objectType, Collection<String> sourceIds) {
        return byKeys("SELECT " + LINK_COLUMNS + " FROM app_link", JobStore::link, app, objectType, sourceIds);
    }

    public long linkCount(String app, String objectType) {
        return database.transaction(connection -> Jdbc.first(connection,
                "SELECT COUNT(*) FROM app_link WHERE app = ? AND object_type = ?", rs -> rs.getLong(1), app, objectType).orElse(0L));
    }

    /** Breaks every link of the app (restart with resetScope Full): the next cycle matches again. */
    public int unlinkAll(String app) {
        return database.transaction(connection -> {
            Jdbc.update(connection, "DELETE FROM app_group_member WHERE app = ?", app);
            return Jdbc.update(connection, "DELETE FROM app_link WHERE app = ?", app);
        });
    }

    private static Link link(ResultSet rs) throws SQLException {
        return new Link(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), Jdbc.instant(rs, 6),
                rs.getString(7));
    }

    // ---- group members provisor added

    public Set<String> groupMembers(String app, String groupId) {
        return database.transaction(connection -> new HashSet<>(Jdbc.query(connection,
                "SELECT member_id FROM app_group_member WHERE app = ? AND group_id = ?", rs -> rs.getString(1), app, groupId)));
    }

    // ---- escrows

    public Optional<Escrow> escrow(String app, String objectType, String sourceId) {
        return database.transaction(connection -> Jdbc.first(connection, "SELECT " + ESCROW_COLUMNS
                + " FROM app_escrow WHERE app = ? AND object_type = ? AND source_id = ?", JobStore::escrow, app, objectType, sourceId));
    }

    /** Escrows whose next attempt is due, oldest first. */
    public List<Escrow> dueEscrows(String app, Instant now, int limit) {
        return database.transaction(connection -> Jdbc.query(connection, "SELECT " + ESCROW_COLUMNS
                + " FROM app_escrow WHERE app = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, source_id FETCH FIRST "
                + limit + " ROWS ONLY", JobStore::escrow, app, now));
    }

    public long escrowCount(String app) {
        return database.transaction(connection -> Jdbc.first(connection, "SELECT COUNT(*) FROM app_escrow WHERE app = ?",
                rs -> rs.getLong(1), app).orElse(0L));
    }

    public int clearEscrows(String app) {
        return database.transaction(connection -> Jdbc.update(connection, "DELETE FROM app_escrow WHERE app = ?", app));
    }

    private static Escrow escrow(ResultSet rs) throws SQLException {
        return new Escrow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), Jdbc.instant(rs, 5), Jdbc.instant(rs, 6),
                rs.getString(7), rs.getString(8));
    }

    // ---- staged deletions

    public List<Staged> staged(String app) {
        return database.transaction(connection -> Jdbc.query(connection, "SELECT " + STAGED_COLUMNS
                + " FROM app_staged WHERE app = ? ORDER BY staged_at, source_id", JobStore::staged, app));
    }

    public int clearStaged(String app) {
        return database.transaction(connection -> Jdbc.update(connection, "DELETE FROM app_staged WHERE app = ?", app));
    }

    private static Staged staged(ResultSet rs) throws SQLException {
        return new Staged(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), Jdbc.instant(rs, 10));
    }

    // ---- write journal

    /** Notes that a target write is about to start; committed before the write is sent. */
    public void begin(Journal journal) {
        beginAll(List.of(journal));
    }

    /**
     * {@link #begin} for several writes in one transaction (one durable commit): every entry is committed
     * before any of the writes is sent.
     */
    public void beginAll(List<Journal> journals) {
        if (journals.isEmpty()) {
            return;
        }
        database.transaction(connection -> {
            putJournals(connection, journals);
            return null;
        });
    }

    private static void putJournals(Connection connection, List<Journal> journals) throws SQLException {
        for (Journal journal : journals) {
            Jdbc.update(connection, "DELETE FROM app_journal WHERE app = ? AND object_type = ? AND source_id = ?",
                    journal.app(), journal.objectType(), journal.sourceId());
            Jdbc.update(connection, "INSERT INTO app_journal (app, object_type, source_id, action, cycle_id, started_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", journal.app(), journal.objectType(), journal.sourceId(), journal.action(),
                    journal.cycleId(), journal.startedAt());
        }
    }

    public Optional<Journal> journal(String app, String objectType, String sourceId) {
        return database.transaction(connection -> Jdbc.first(connection, "SELECT app, object_type, source_id, action, cycle_id,"
                + " started_at FROM app_journal WHERE app = ? AND object_type = ? AND source_id = ?", JobStore::journal, app, objectType,
                sourceId));
    }

    /** The journal entries of these objects (those that have one). */
    public List<Journal> journals(String app, String objectType, Collection<String> sourceIds) {
        return byKeys("SELECT app, object_type, source_id, action, cycle_id, started_at FROM app_journal", JobStore::journal, app,
                objectType, sourceIds);
    }

    /** Writes that started and never recorded their outcome: the process stopped in between. */
    public List<Journal> unfinished(String app) {
        return database.transaction(connection -> Jdbc.query(connection, "SELECT app, object_type, source_id, action, cycle_id,"
                + " started_at FROM app_journal WHERE app = ? ORDER BY started_at", JobStore::journal, app));
    }

    private static Journal journal(ResultSet rs) throws SQLException {
        return new Journal(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), Jdbc.instant(rs, 6));
    }

    // ---- the outcome of one object, atomically

    public void commit(ObjectCommit commit) {
        commitAll(List.of(commit));
    }

    /**
     * Refreshes the planner's statistics of the tables a cycle's outcomes fill. PostgreSQL plans a prepared
     * statement once for good after a few runs, with the sizes it knew then; a first cycle starts on empty
     * tables, and where nothing analyzes them (autovacuum off, or not yet due) the link upsert kept a plan
     * that walked the app's whole link-by-target index, about 26,000 rows per user halfway through a
     * 100,000-user cycle. Analyzing invalidates those plans.
     */
    public void analyzeOutcomes() {
        database.analyze(List.of("app_link", "app_journal", "provisioning_log", "provisioning_log_segment", "decision_facts"));
    }

    /** The outcomes of several objects in one transaction: all of them or, if one is refused, none. */
    public void commitAll(List<ObjectCommit> commits) {
        commitAll(List.of(), commits);
    }

    /**
     * {@link #beginAll} and {@link #commitAll(List)} in one transaction, the journal entries first: one durable
     * commit instead of two. No object may have both an entry and an outcome here, since the outcome would end
     * the entry begun for a later write.
     */
    public void commitAll(List<Journal> begun, List<ObjectCommit> commits) {
        List<List<byte[]>> documents = new ArrayList<>(commits.size());
        for (ObjectCommit commit : commits) {
            List<byte[]> logs = new ArrayList<>(commit.logs().size());
            for (LogEntry entry : commit.logs()) {
                logs.add(Json.writeBytes(entry));
            }
            documents.add(logs);
        }
        database.transaction(connection -> {
            putJournals(connection, begun);
            if (!commits.isEmpty()) {
                OutcomeRows.write(connection, commits, documents);
            }
            return null;
        });
    }

    /**
     * The source ids after {@code after} (all when null) that have a log record in this cycle: a resumed initial cycle
     * skips them. It asks once, as it resumes after its saved cursor: the query reads each of the cycle's records once,
     * through the log's index by cycle, and keeps the objects finished between the cursor's last save and the stop, a
     * few thousand at most.
     */
    public Set<String> loggedInCycle(String app, String cycleId, String after) {
        return database.transaction(connection -> {
            Set<String> logged = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT source_id FROM provisioning_log"
                    + " WHERE app = ? AND cycle_id = ? AND source_id IS NOT NULL" + (after == null ? "" : " AND source_id > ?"))) {
                select.setString(1, app);
                select.setString(2, cycleId);
                if (after != null) {
                    select.setString(3, after);
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        logged.add(rs.getString(1));
                    }
                }
            }
            return logged;
        });
    }

    /** The rows of {@code select}'s table keyed by {@code (app, object_type, source_id)} for these ids. */
    private <T> List<T> byKeys(String select, Jdbc.RowReader<T> reader, String app, String objectType, Collection<String> sourceIds) {
        return byIds(select + " WHERE app = ? AND object_type = ? AND source_id", reader, sourceIds, app, objectType);
    }

    /**
     * The rows {@code query} finds for these ids, in one transaction; {@code query} ends with the id column,
     * after conditions on the {@code leading} parameters. H2 uses a list of ids only on an index's first column,
     * so there each id is one lookup (the first row it finds): {@code source_id IN (...)} scanned every row of
     * the app, comparing each with every id (a group of 1,000 members took a sixth of a cycle worker's samples
     * at 20,000 users). PostgreSQL uses the index for the ids passed as one array parameter, which saves a round
     * trip per id.
     */
    private <T> List<T> byIds(String query, Jdbc.RowReader<T> reader, Collection<String> ids, Object... leading) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Object[] parameters = Arrays.copyOf(leading, leading.length + 1); // the id goes last
        return database.transaction(connection -> {
            if (database.dialect() == Dialect.POSTGRESQL) {
                parameters[leading.length] = DirectoryQueries.array(connection, ids);
                return Jdbc.query(connection, query + " = ANY(?)", reader, parameters);
            }
            List<T> found = new ArrayList<>();
            for (String id : ids) {
                parameters[leading.length] = id;
                Jdbc.first(connection, query + " = ?", reader, parameters).ifPresent(found::add);
            }
            return found;
        });
    }

    // ---- connector settings and secrets saved through the API

    public Optional<String> connectorSettings(String app) {
        return database.transaction(connection -> Jdbc.first(connection, "SELECT settings FROM app_connector WHERE app = ?",
                rs -> rs.getString(1), app));
    }

    public void saveConnectorSettings(String app, String settings) {
        database.transaction(connection -> {
            if (Jdbc.update(connection, "UPDATE app_connector SET settings = ?, updated_at = ? WHERE app = ?", settings, Instant.now(), app) == 0) {
                Jdbc.update(connection, "INSERT INTO app_connector (settings, updated_at, app) VALUES (?, ?, ?)", settings, Instant.now(), app);
            }
            return null;
        });
    }

    public Optional<String> secret(String app, String name) {
        return database.transaction(connection -> Jdbc.first(connection, "SELECT secret FROM app_secret WHERE app = ? AND name = ?",
                rs -> rs.getString(1), app, name));
    }

    public void saveSecret(String app, String name, String secret) {
        database.transaction(connection -> {
            if (Jdbc.update(connection, "UPDATE app_secret SET secret = ?, updated_at = ? WHERE app = ? AND name = ?", secret,
                    Instant.now(), app, name) == 0) {
                Jdbc.update(connection, "INSERT INTO app_secret (secret, updated_at, app, name) VALUES (?, ?, ?, ?)", secret,
                        Instant.now(), app, name);
            }
            return null;
        });
    }
}
