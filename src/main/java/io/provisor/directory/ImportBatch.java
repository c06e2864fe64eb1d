package io.provisor.directory;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.FactReader;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Group;
import io.provisor.store.DirectoryStore;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.UserRow;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Records of an import, validated as they are read and handed to an {@link ImportWriter} a batch at a
 * time. Members that name an object not imported yet (a group listed later) are kept aside and linked
 * at the end.
 */
final class ImportBatch implements AutoCloseable {

    /**
     * Group members a batch holds at most (beyond the group that crosses it): a batch of large groups
     * commits with fewer records, so memory stays bounded whatever the groups' sizes.
     */
    static final int MAX_MEMBERS = 50_000;

    /** An import that changed at least this much refreshes the database's statistics (see {@link DirectoryStore#analyze}). */
    static final long ANALYZE_AFTER = 10_000;

    enum Kind {
        USER("users", "#microsoft.graph.user"),
        GROUP("groups", "#microsoft.graph.group"),
        ASSIGNMENT("appRoleAssignments", "#microsoft.graph.appRoleAssignment");

        private final String section;
        private final String odataType;

        Kind(String section, String odataType) {
            this.section = section;
            this.odataType = odataType;
        }

        static Kind ofSection(String name) {
            for (Kind kind : values()) {
                if (kind.section.equals(name)) {
                    return kind;
                }
            }
            return null;
        }

        static Kind ofOdataType(String type) {
            for (Kind kind : values()) {
                if (kind.odataType.equals(type)) {
                    return kind;
                }
            }
            return null;
        }
    }

    private final DirectoryStore store;
    private final int size;
    private final ImportWriter writer;
    private final List<ImportReport.Problem> problems = new ArrayList<>();
    private List<Pending> pending = new ArrayList<>();
    private long records;
    private long pendingMembers;

    ImportBatch(DirectoryStore store, int size, LongConsumer committed) {
        this(store, size, committed, KnownIds.MAX_OTHERS);
    }

    /** {@code maxOtherIds}: how many ids not in UUID form the import remembers (tests set it low). */
    ImportBatch(DirectoryStore store, int size, LongConsumer committed, int maxOtherIds) {
        this.store = store;
        this.size = size;
        this.writer = new ImportWriter(store, committed, maxOtherIds);
    }

    long records() {
        return records;
    }

    /**
     * Validates and queues a record; a full batch goes to the writer, which writes it while the next
     * one is read. False when the import must stop (the report says why).
     */
    boolean add(Kind kind, JsonNode node, long record, long line, String pointer) {
        records = record;
        Pending.Position at = new Pending.Position(record, line, pointer);
        try {
            pending.add(switch (kind) {
                case USER -> new Pending.User(at, withDeletion(Documents.userRow(node, pointer), deletedAt(node, pointer)));
                case GROUP -> {
                    Group group = new FactReader().group(node, pointer);
                    pendingMembers += group.members().size();
                    yield new Pending.Group(at, Documents.groupRow(node, pointer), group.members());
                }
                case ASSIGNMENT -> new Pending.Assignment(at, assignment(node, pointer));
            });
        } catch (BadInput bad) {
            stop(bad.problems().stream().map(p -> new ImportReport.Problem(record, line, p.pointer(), p.message())).toList());
            return false;
        }
        return (pending.size() < size && pendingMembers < MAX_MEMBERS) || flush();
    }

    private static UserRow withDeletion(UserRow row, Instant deletedAt) {
        return new UserRow(row.id(), row.userPrincipalName(), row.mail(), row.displayName(), row.employeeId(), deletedAt,
                row.document(), row.contentHash());
    }

    ImportReport fail(long record, long line, String pointer, String message) {
        stop(List.of(new ImportReport.Problem(record, line, pointer, message)));
        return report();
    }

    /**
     * Drops the batch being read and waits for the one being written: the bad record's problems are the
     * import's, unless that write was refused, which is a record earlier in the file.
     */
    private void stop(List<ImportReport.Problem> found) {
        pending.clear();
        if (writer.await()) {
            problems.addAll(found);
        }
    }

    ImportReport finish() {
        if (!flush() || !writer.await()) {
            return report();
        }
        // the keys first: the members named before their object are looked up by id
        writer.endBulkLoad();
        if (!writer.linkForwardMembers()) {
            return report();
        }
        if (writer.changes() >= ANALYZE_AFTER) {
            store.analyze();
        }
        return report();
    }

    /** What the import did; called once the writer is idle. */
    ImportReport report() {
        List<ImportReport.Problem> all = writer.refused() == null ? problems : List.of(writer.refused());
        return new ImportReport(writer.users(), writer.groups(), writer.assignments(), records, writer.changes(), all.isEmpty(), all);
    }

    /** Hands the queued records to the writer; false when an earlier batch was refused. */
    private boolean flush() {
        if (pending.isEmpty()) {
            return true;
        }
        List<Pending> batch = pending;
        pending = new ArrayList<>();
        pendingMembers = 0;
        return writer.write(batch);
    }

    /** Waits for the batch being written, if any; the import is over. */
    @Override
    public void close() {
        writer.close();
    }

    private static Instant deletedAt(JsonNode node, String pointer) {
        JsonNode deleted = node.path("deletedDateTime");
        if (deleted.isMissingNode() || deleted.isNull()) {
            return null;
        }
        try {
            return Instant.parse(deleted.asText());
        } catch (DateTimeParseException e) {
            throw new BadInput(pointer + "/deletedDateTime", "deletedDateTime must be an ISO-8601 instant");
        }
    }

    private static AssignmentRow assignment(JsonNode node, String pointer) {
        FactReader reader = new FactReader();
        AppRoleAssignment assignment = reader.assignment(node, pointer);
        reader.throwIfAny();
        String app = node.hasNonNull("app") ? node.get("app").asText() : node.path("resourceDisplayName").asText("");
        if (app.isBlank()) {
            throw new BadInput(pointer + "/resourceDisplayName", "an assignment names its app in `resourceDisplayName`");
        }
        Documents.checkId(assignment.principalId(), pointer + "/principalId");
        return new AssignmentRow(app, assignment.principalId(), assignment.principalType().toString(), assignment.appRoleId(),
                node.path("id").asText(null));
    }
}
