package io.provisor.store;

import io.provisor.model.Change;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.UserRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The source directory in the database: reads, and writes grouped in transactions. */
public final class DirectoryStore {

    /** Writes that run in one transaction. */
    @FunctionalInterface
    public interface Batch<T> {
        T run(DirectoryWrites writes) throws SQLException;
    }

    /** The state of a job given up after four weeks in quarantine ({@code JobState.Disabled}): it holds no changes back. */
    private static final String DISABLED = "Disabled";

    private final Database database;

    public DirectoryStore(Database database) {
        this.database = database;
    }

    /**
     * Runs the writes in one transaction: all of them and their change-feed entries commit, or none.
     * The change counter is locked first, so directory writers queue in one order and never deadlock
     * on each other's rows (they would queue on the counter anyway once they change something); the
     * counter itself is moved once, when the writes are done.
     */
    public <T> T write(Batch<T> batch) {
        return database.transaction(work(batch));
    }

    /**
     * {@link #write}, for a bulk load's batches: on H2 the commit may reach the file only at the next
     * {@link #checkpoint}, and a process killed before then loses it whole, as if it had not run.
     */
    public <T> T writeDelayed(Batch<T> batch) {
        return database.delayedTransaction(work(batch));
    }

    private <T> Database.Work<T> work(Batch<T> batch) {
        return connection -> {
            try (ChangeFeed feed = ChangeFeed.lock(connection, database.dialect())) {
                T result = batch.run(new DirectoryWrites(connection, feed, database.dialect()));
                feed.finish();
                return result;
            }
        };
    }

    /** True while {@link #writeDelayed} commits may be left unwritten until a {@link #checkpoint}. */
    public boolean commitsDelayed() {
        return database.commitsDelayed();
    }

    /** Writes out every commit so far, {@link #writeDelayed} ones included. */
    public void checkpoint() {
        database.checkpoint();
    }

    /**
     * Starts a bulk load when the directory holds no users and no groups: drops the indexes a load
     * builds faster afterwards ({@link DeferredIndexes}), so its rows go in with only their primary keys
     * to maintain. Returns the number of the last change when it found the directory empty, or nothing
     * (and drops nothing) when the directory has objects. Writes stay correct meanwhile, only searches by
     * those columns are slower; end with {@link #buildIndexes}. On H2 a bulk load also has commits
     * written out late (see {@link #writeDelayed}) until the indexes are built.
     */
    public OptionalLong beginBulkLoad() {
        OptionalLong empty = database.changeIndexes(connection -> {
            // the counter's lock keeps other writers out until the answer is given
            try (ChangeFeed feed = ChangeFeed.lock(connection, database.dialect());
                 var statement = connection.createStatement();
                 var rs = statement.executeQuery("SELECT id FROM directory_user UNION ALL SELECT id FROM directory_group"
                         + " FETCH FIRST 1 ROWS ONLY")) {
                if (rs.next()) {
                    return OptionalLong.empty();
                }
                long watermark = feed.lockedAt();
                DeferredIndexes.drop(connection, database.dialect());
                return OptionalLong.of(watermark);
            }
        });
        if (empty.isPresent()) {
            database.delayCommits();
        }
        return empty;
    }

    /**
     * Creates the deferred indexes that are missing and writes every commit out as it happens again: the
     * end of a bulk load. Writers wait meanwhile.
     */
    public void buildIndexes() {
        database.changeIndexes(connection -> {
            DeferredIndexes.create(connection);
            return null;
        });
        database.endDelayedCommits();
    }

    /**
     * Refreshes the planner's statistics of the directory's tables. After a bulk import the database
     * still plans with the sizes it saw before (PostgreSQL analyzes on its own only later), and a
     * membership lookup by member id over millions of fresh rows would scan the table instead of its index.
     */
    public void analyze() {
        database.analyze(List.of("directory_user", "directory_group", "group_member", "app_role_assignment", "change_feed"));
    }

    public Optional<UserRow> user(String id) {
        return database.transaction(connection -> DirectoryQueries.user(connection, id));
    }

    /** The users with these ids, in no particular order; ids without a user are left out. */
    public List<UserRow> users(Collection<String> ids) {
        return database.transaction(connection -> DirectoryQueries.users(connection, ids));
    }

    public Optional<GroupRow> group(String id) {
        return database.transaction(connection -> DirectoryQueries.groups(connection, List.of(id)).stream().findFirst());
    }

    public List<GroupRow> groups(Collection<String> ids) {
        return database.transaction(connection -> DirectoryQueries.groups(connection, ids));
    }

    public List<Member> members(String groupId) {
        return database.transaction(connection -> DirectoryQueries.members(connection, groupId));
    }

    public List<String> groupsContaining(Collection<String> memberIds) {
        return database.transaction(connection -> DirectoryQueries.groupsContaining(connection, memberIds));
    }

    /** Every membership of the given members (users or groups), as [group id, member id], in no particular order. */
    public List<String[]> membershipsOf(Collection<String> memberIds) {
        return database.transaction(connection -> DirectoryQueries.membershipsOf(connection, memberIds));
    }

    /** "user", "group" or null when no object has this id. */
    public String kindOf(String id) {
        return database.transaction(connection -> DirectoryQueries.kindOf(connection, id));
    }

    public List<AssignmentRow> assignments(String app, Collection<String> principalIds) {
        return database.transaction(connection -> DirectoryQueries.assignments(connection, app, principalIds));
    }

    /**
     * The changes after {@code after}, oldest first. Throws {@link ChangesPurged} when the retention purged changes right
     * after {@code after}: a reader that went on from the oldest change left would miss those without knowing it.
     */
    public List<Change> changes(long after, int limit) {
        return database.transaction(connection -> {
            long oldest = ChangeFeed.oldestKept(connection);
            if (after < oldest - 1) {
                throw new ChangesPurged(after, oldest);
            }
            return ChangeFeed.after(connection, after, limit);
        });
    }

    /**
     * Deletes up to {@code batch} changes made before {@code cutoff} that no reader still has to read: none after the
     * lowest watermark of the jobs of {@code readers}, so their incremental cycles, however late, find every change they
     * need. Returns how many went. A paused job holds the purge back. A disabled job (four weeks in quarantine), a job
     * of an app no longer configured, and a job without a watermark (never run, or reset) do not: when such a job runs
     * again and finds {@link #changesPurgedAfter its changes purged}, it starts over with an initial cycle.
     */
    public int purgeChangesOlderThan(Instant cutoff, int batch, Collection<String> readers) {
        return database.transaction(connection -> {
            long readTo = readers.isEmpty() ? Long.MAX_VALUE : lowestWatermark(connection, readers);
            List<Long> seqs = Jdbc.query(connection, "SELECT seq FROM change_feed WHERE seq <= ? AND changed_at < ? ORDER BY seq"
                    + " FETCH FIRST " + Math.max(1, batch) + " ROWS ONLY", rs -> rs.getLong(1), readTo, cutoff);
            if (!seqs.isEmpty()) {
                Jdbc.update(connection, "DELETE FROM change_feed WHERE seq IN (" + DirectoryQueries.placeholders(seqs.size()) + ")",
                        seqs.toArray());
            }
            return seqs.size();
        });
    }

    /** The lowest watermark of the readers' jobs that still run (not disabled); {@code Long.MAX_VALUE} when none holds one. */
    private static long lowestWatermark(Connection connection, Collection<String> readers) throws SQLException {
        List<Object> parameters = new ArrayList<>(readers);
        parameters.add(DISABLED);
        return Jdbc.first(connection, "SELECT MIN(watermark) FROM app_job WHERE watermark IS NOT NULL AND app IN ("
                        + DirectoryQueries.placeholders(readers.size()) + ") AND state <> ?",
                rs -> rs.getObject(1) == null ? Long.MAX_VALUE : rs.getLong(1), parameters.toArray()).orElse(Long.MAX_VALUE);
    }

    /**
     * Whether the retention purged changes right after {@code watermark}: an incremental cycle from there would miss
     * them, so the job starts over with an initial cycle instead.
     */
    public boolean changesPurgedAfter(long watermark) {
        return database.transaction(connection -> watermark < ChangeFeed.oldestKept(connection) - 1);
    }

    /** The number of the last committed change: the watermark an incremental cycle starts from. */
    public long watermark() {
        return database.transaction(ChangeFeed::last);
    }
}
