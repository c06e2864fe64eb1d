package io.provisor.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Rule-set revisions with their files and activations, and the facts behind logged decisions. */
public final class RevisionStore {

    /** A stored revision; {@code files} is a JSON object of path → content. */
    public record Revision(String app, String revision, String files, int ruleCount, String createdBy, Instant createdAt) {
    }

    /** One activation: which revision became active, replacing which, by whom and when. */
    public record Activation(String app, String revision, String previousRevision, String actor, Instant activatedAt) {
    }

    /** The facts of one decision, as JSON, and the revision that decided. */
    public record Facts(String id, String app, String revision, Instant recordedAt, String facts) {

        /** The facts as the store keeps them (V13). */
        byte[] stored() {
            return facts.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final Database database;

    public RevisionStore(Database database) {
        this.database = database;
    }

    /** Keeps a revision's files (once: the same revision is the same content) and records its activation. */
    public void activated(Revision revision, String previousRevision) {
        database.transaction(connection -> {
            if (Jdbc.first(connection, "SELECT 1 FROM rule_revision WHERE app = ? AND revision = ?", rs -> 1, revision.app(),
                    revision.revision()).isEmpty()) {
                Jdbc.update(connection, "INSERT INTO rule_revision (app, revision, files, rule_count, created_by, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", revision.app(), revision.revision(), revision.files(), revision.ruleCount(),
                        revision.createdBy(), revision.createdAt());
            }
            return Jdbc.update(connection, "INSERT INTO rule_activation (id, app, revision, previous_revision, actor, activated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), revision.app(), revision.revision(), previousRevision,
                    revision.createdBy(), revision.createdAt());
        });
    }

    public Optional<Revision> revision(String app, String revision) {
        return database.transaction(connection -> Jdbc.first(connection, "SELECT app, revision, files, rule_count, created_by,"
                + " created_at FROM rule_revision WHERE app = ? AND revision = ?", RevisionStore::revision, app, revision));
    }

    /** Every revision of the app, newest first (without files). */
    public List<Revision> revisions(String app) {
        return database.transaction(connection -> Jdbc.query(connection, "SELECT app, revision, '{}', rule_count, created_by,"
                + " created_at FROM rule_revision WHERE app = ? ORDER BY created_at DESC", RevisionStore::revision, app));
    }

    /** Activations of the app, newest first. */
    public List<Activation> activations(String app, int limit) {
        return database.transaction(connection -> Jdbc.query(connection, "SELECT app, revision, previous_revision, actor, activated_at"
                + " FROM rule_activation WHERE app = ? ORDER BY activated_at DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                rs -> new Activation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Jdbc.instant(rs, 5)), app));
    }

    public void saveFacts(Facts facts) {
        database.transaction(connection -> Jdbc.update(connection, "INSERT INTO decision_facts (id, app, revision, recorded_at, facts)"
                + " VALUES (?, ?, ?, ?, ?)", facts.id(), facts.app(), facts.revision(), facts.recordedAt(),
                facts.stored()));
    }

    /**
     * Deletes up to {@code batch} stored decision facts recorded before {@code cutoff}, the oldest first; returns how
     * many went. The log retention calls it, so a decision can be replayed for as long as its record is kept.
     */
    public int purgeFactsOlderThan(Instant cutoff, int batch) {
        return database.transaction(connection -> {
            List<String> ids = Jdbc.query(connection, "SELECT id FROM decision_facts WHERE recorded_at < ? ORDER BY recorded_at"
                    + " FETCH FIRST " + Math.max(1, batch) + " ROWS ONLY", rs -> rs.getString(1), cutoff);
            if (!ids.isEmpty()) {
                Jdbc.update(connection, "DELETE FROM decision_facts WHERE id IN (" + DirectoryQueries.placeholders(ids.size()) + ")",
                        ids.toArray());
            }
            return ids.size();
        });
    }

    public Optional<Facts> facts(String id) {
        return database.transaction(connection -> Jdbc.first(connection, "SELECT id, app, revision, recorded_at, facts FROM decision_facts"
                + " WHERE id = ?", rs -> new Facts(rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs, 4),
                Jdbc.utf8(rs, 5)), id));
    }

    private static Revision revision(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Revision(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), Jdbc.instant(rs, 6));
    }
}
