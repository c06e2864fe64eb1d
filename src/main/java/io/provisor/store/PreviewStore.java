package io.provisor.store;

import io.provisor.model.Ids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Impact previews: per-transition counts and, for every user whose decision changes, the old and new decision. */
public final class PreviewStore {

    /**
     * A preview's summary.
     *
     * @param filesHash       hash of exactly the proposed files, so an activation can name "a preview of these files"
     * @param evaluated       users decided under both sets
     * @param notAssigned     users left out: with scope "assigned" in both sets, those neither assigned to the app nor
     *                        linked, for whom no rule set can create, change or remove an account
     * @param disablesDeletes users the proposed set would newly disable or delete
     * @param transitions     JSON object of "old → new" → count
     */
    public record Preview(String id, String app, String activeRevision, String proposedRevision, String filesHash, Instant createdAt,
                          long evaluated, long notAssigned, long changed, long disablesDeletes, String transitions) {
    }

    /** A user whose decision the proposed rules change; {@code ruleId} is the rule that made the difference. */
    public record Change(String userId, String displayName, String oldAction, String oldCode, String newAction, String newCode,
                         String ruleId) {
    }

    private static final int DISCARD_BATCH = 1_000;

    private final Database database;

    public PreviewStore(Database database) {
        this.database = database;
    }

    public void save(Preview preview) {
        database.transaction(connection -> Jdbc.update(connection, "INSERT INTO rule_preview (id, app, active_revision, proposed_revision,"
                + " files_hash, created_at, evaluated, not_assigned, changed, disables_deletes, transitions)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                preview.id(), preview.app(), preview.activeRevision(), preview.proposedRevision(), preview.filesHash(),
                preview.createdAt(), preview.evaluated(), preview.notAssigned(), preview.changed(), preview.disablesDeletes(),
                preview.transitions()));
    }

    /** Adds changed users in one batch (the preview streams them in as it goes). */
    public void addChanges(String previewId, List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        database.transaction(connection -> {
            insert(connection, previewId, changes);
            return null;
        });
    }

    private static void insert(Connection connection, String previewId, List<Change> changes) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO rule_preview_change (preview_id, user_id,"
                + " display_name, old_action, old_code, new_action, new_code, rule_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Change c : changes) {
                Jdbc.bind(statement, previewId, c.userId(), c.displayName(), c.oldAction(), c.oldCode(), c.newAction(), c.newCode(),
                        c.ruleId());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    public Optional<Preview> preview(String app, String id) {
        return database.transaction(connection -> Jdbc.first(connection, "SELECT id, app, active_revision, proposed_revision, files_hash,"
                + " created_at, evaluated, not_assigned, changed, disables_deletes, transitions FROM rule_preview WHERE app = ? AND id = ?",
                rs -> new Preview(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), Jdbc.instant(rs, 6),
                        rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11)), app, id));
    }

    /**
     * How many users the preview's proposed rules or mappings fail on (new code among {@code failureCodes}) that the
     * active ones did not fail on.
     */
    public long newFailures(String previewId, List<String> failureCodes) {
        String codes = DirectoryQueries.placeholders(failureCodes.size());
        Object[] parameters = Stream.concat(Stream.of(previewId), Stream.concat(failureCodes.stream(), failureCodes.stream())).toArray();
        return database.transaction(connection -> Jdbc.first(connection, "SELECT COUNT(*) FROM rule_preview_change WHERE preview_id = ?"
                + " AND new_code IN (" + codes + ") AND (old_code IS NULL OR old_code NOT IN (" + codes + "))",
                rs -> rs.getLong(1), parameters).orElse(0L));
    }

    /**
     * One step of purging previews made before {@code cutoff}: deletes up to {@code batch} changed users of the oldest such
     * preview, or, once it has none left, the preview itself; returns how many rows went (0 when no preview is that old).
     * The preview goes last, so a purge that stops half-way is taken up by the next one. Once no such preview is left, the
     * changed users of a preview that has no summary and began before {@code cutoff} go too: its process died while it ran.
     */
    public int purgeOlderThan(Instant cutoff, int batch) {
        return database.transaction(connection -> {
            Optional<String> oldest = Jdbc.first(connection, "SELECT id FROM rule_preview WHERE created_at < ? ORDER BY created_at"
                    + " FETCH FIRST 1 ROWS ONLY", rs -> rs.getString(1), cutoff);
            if (oldest.isEmpty()) {
                return deleteOrphan(connection, cutoff, batch);
            }
            int changes = deleteChanges(connection, oldest.get(), batch);
            return changes > 0 ? changes : Jdbc.update(connection, "DELETE FROM rule_preview WHERE id = ?", oldest.get());
        });
    }

    /**
     * Deletes up to {@code batch} changed users of a preview without a summary whose id ({@link Ids#timeOrdered}) dates
     * from before {@code cutoff}. A preview writes its summary last, so a recent one without it may still be running.
     */
    private static int deleteOrphan(Connection connection, Instant cutoff, int batch) throws SQLException {
        Optional<String> orphan = Jdbc.first(connection, "SELECT c.preview_id FROM rule_preview_change c WHERE c.preview_id < ?"
                + " AND NOT EXISTS (SELECT 1 FROM rule_preview p WHERE p.id = c.preview_id) FETCH FIRST 1 ROWS ONLY",
                rs -> rs.getString(1), Ids.earliestAt(cutoff));
        return orphan.isEmpty() ? 0 : deleteChanges(connection, orphan.get(), batch);
    }

    /** Deletes the changed users a preview wrote before it failed, so no preview without a summary leaves rows behind. */
    public void discard(String previewId) {
        while (database.transaction(connection -> deleteChanges(connection, previewId, DISCARD_BATCH)) > 0) {
            // a batch per transaction, as the retention purges
        }
    }

    /** Deletes up to {@code batch} of the preview's changed users; returns how many went. */
    private static int deleteChanges(Connection connection, String previewId, int batch) throws SQLException {
        List<String> users = Jdbc.query(connection, "SELECT user_id FROM rule_preview_change WHERE preview_id = ? ORDER BY user_id"
                + " FETCH FIRST " + Math.max(1, batch) + " ROWS ONLY", rs -> rs.getString(1), previewId);
        if (users.isEmpty()) {
            return 0;
        }
        return Jdbc.update(connection, "DELETE FROM rule_preview_change WHERE preview_id = ? AND user_id IN ("
                + DirectoryQueries.placeholders(users.size()) + ")", Stream.concat(Stream.of(previewId), users.stream()).toArray());
    }

    /** A page of changed users in user id order, after {@code afterUserId} (null for the first page). */
    public List<Change> changes(String previewId, String afterUserId, int limit) {
        return database.transaction(connection -> Jdbc.query(connection, "SELECT user_id, display_name, old_action, old_code, new_action,"
                + " new_code, rule_id FROM rule_preview_change WHERE preview_id = ? AND user_id > ? ORDER BY user_id FETCH FIRST "
                + Math.max(1, limit) + " ROWS ONLY", rs -> new Change(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7)), previewId, afterUserId == null ? "" : afterUserId));
    }
}
