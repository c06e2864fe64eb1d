package io.provisor.directory;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.FactReader;
import io.provisor.model.Change;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Group;
import io.provisor.store.DirectoryStore;
import io.provisor.store.DirectoryWrites;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.Outcome;
import io.provisor.store.Rows.UserRow;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Records of an import waiting to be written, written a batch at a time. Members that name an object
 * not imported yet (a group listed later) are kept aside and linked at the end.
 */
final class ImportBatch {

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

    private record Position(long record, long line, String pointer) {
    }

    private sealed interface Pending permits PendingUser, PendingGroup, PendingAssignment {
        Position at();
    }

    private record PendingUser(Position at, UserRow row, Instant deletedAt) implements Pending {
    }

    private record PendingGroup(Position at, GroupRow row, List<String> members) implements Pending {
    }

    private record PendingAssignment(Position at, AssignmentRow row) implements Pending {
    }

    private record ForwardMember(Position at, String groupId, String memberId) {
    }

    private final DirectoryStore store;
    private final int size;
    private final List<Pending> pending = new ArrayList<>();
    private final List<ForwardMember> forward = new ArrayList<>();
    private final List<ImportReport.Problem> problems = new ArrayList<>();
    private long users;
    private long groups;
    private long assignments;
    private long records;
    private long changes;

    private final LongConsumer committed;
    private long written;

    ImportBatch(DirectoryStore store, int size, LongConsumer committed) {
        this.store = store;
        this.size = size;
        this.committed = committed;
    }

    long records() {
        return records;
    }

    /** Validates and queues a record; false when the import must stop (the report says why). */
    boolean add(Kind kind, JsonNode node, long record, long line, String pointer) {
        records = record;
        Position at = new Position(record, line, pointer);
        try {
            pending.add(switch (kind) {
                case USER -> new PendingUser(at, Documents.userRow(node, pointer), deletedAt(node, pointer));
                case GROUP -> {
                    Group group = new FactReader().group(node, pointer);
                    yield new PendingGroup(at, Documents.groupRow(node, pointer), group.members());
                }
                case ASSIGNMENT -> new PendingAssignment(at, assignment(node, pointer));
            });
        } catch (BadInput bad) {
            bad.problems().forEach(p -> problems.add(new ImportReport.Problem(record, line, p.pointer(), p.message())));
            pending.clear();
            return false;
        }
        return pending.size() < size || flush();
    }

    ImportReport fail(long record, long line, String pointer, String message) {
        problems.add(new ImportReport.Problem(record, line, pointer, message));
        pending.clear();
        return report();
    }

    ImportReport finish() {
        if (!flush()) {
            return report();
        }
        if (!forward.isEmpty()) {
            linkForwardMembers();
        }
        return report();
    }

    ImportReport report() {
        return new ImportReport(users, groups, assignments, records, changes, problems.isEmpty(), problems);
    }

    /** Writes the queued records in one transaction; false when one of them was refused. */
    private boolean flush() {
        if (pending.isEmpty()) {
            return true;
        }
        List<ForwardMember> unresolved = new ArrayList<>();
        try {
            long[] counts = store.write(writes -> {
                long[] c = new long[4];
                for (Pending record : pending) {
                    c[3] += apply(writes, record, unresolved, c);
                }
                return c;
            });
            users += counts[0];
            groups += counts[1];
            assignments += counts[2];
            changes += counts[3];
            forward.addAll(unresolved);
            written += pending.size();
            pending.clear();
            committed.accept(written);
            return true;
        } catch (RecordRefused refused) {
            problems.add(new ImportReport.Problem(refused.at.record(), refused.at.line(), refused.pointer, refused.getMessage()));
            pending.clear();
            return false;
        }
    }

    /** Applies one record; returns the number of changes it took. counts: users, groups, assignments. */
    private static long apply(DirectoryWrites writes, Pending record, List<ForwardMember> unresolved, long[] counts)
            throws SQLException {
        if (record instanceof PendingUser user) {
            counts[0]++;
            return applyUser(writes, user);
        }
        if (record instanceof PendingGroup group) {
            counts[1]++;
            return applyGroup(writes, group, unresolved);
        }
        counts[2]++;
        return applyAssignment(writes, (PendingAssignment) record);
    }

    private static long applyUser(DirectoryWrites writes, PendingUser user) throws SQLException {
        long taken = writes.putUser(user.row()).changed() ? 1 : 0;
        Outcome deletion = user.deletedAt() != null
                ? writes.softDelete(Change.ObjectType.USER, user.row().id(), user.deletedAt())
                : writes.restore(Change.ObjectType.USER, user.row().id());
        return taken + (deletion.changed() ? 1 : 0);
    }

    private static long applyGroup(DirectoryWrites writes, PendingGroup group, List<ForwardMember> unresolved)
            throws SQLException {
        long taken = writes.putGroup(group.row()).changed() ? 1 : 0;
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < group.members().size(); i++) {
            String memberId = group.members().get(i);
            String kind = writes.kindOf(memberId);
            if (kind == null) {
                Position at = group.at();
                unresolved.add(new ForwardMember(new Position(at.record(), at.line(), at.pointer() + "/members/" + i),
                        group.row().id(), memberId));
            } else {
                members.add(new Member(memberId, kind));
            }
        }
        return taken + writes.setMembers(group.row().id(), members).size();
    }

    private static long applyAssignment(DirectoryWrites writes, PendingAssignment assignment) throws SQLException {
        AssignmentRow row = assignment.row();
        String kind = writes.kindOf(row.principalId());
        if (kind == null || !kind.equalsIgnoreCase(row.principalType())) {
            throw new RecordRefused(assignment.at(), assignment.at().pointer() + "/principalId", "principal `"
                    + row.principalId() + "` is no " + row.principalType().toLowerCase(java.util.Locale.ROOT) + " of the directory");
        }
        return writes.addAssignment(row).changed() ? 1 : 0;
    }

    private void linkForwardMembers() {
        try {
            changes += store.write(writes -> {
                long taken = 0;
                for (ForwardMember member : forward) {
                    String kind = writes.kindOf(member.memberId());
                    if (kind == null) {
                        throw new RecordRefused(member.at(), member.at().pointer(),
                                "member `" + member.memberId() + "` references no user or group");
                    }
                    taken += writes.addMember(member.groupId(), new Member(member.memberId(), kind)) > 0 ? 1 : 0;
                }
                return taken;
            });
        } catch (RecordRefused refused) {
            problems.add(new ImportReport.Problem(refused.at.record(), refused.at.line(), refused.pointer, refused.getMessage()));
        }
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

    /** A record the database refused; rolls its batch back. */
    private static final class RecordRefused extends RuntimeException {
        private final transient Position at;
        private final String pointer;

        RecordRefused(Position at, String pointer, String message) {
            super(message, null, false, false);
            this.at = at;
            this.pointer = pointer;
        }
    }
}
