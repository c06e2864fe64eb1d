package io.provisor.directory;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.FactReader;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Group;
import io.provisor.store.BulkWrites;
import io.provisor.store.BulkWrites.GroupWithMembers;
import io.provisor.store.BulkWrites.Membership;
import io.provisor.store.DirectoryStore;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.UserRow;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Records of an import waiting to be written, written a batch at a time. Members that name an object
 * not imported yet (a group listed later) are kept aside and linked at the end.
 */
final class ImportBatch {

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

    private record Position(long record, long line, String pointer) {
    }

    private sealed interface Pending permits PendingUser, PendingGroup, PendingAssignment {
        Position at();
    }

    /** A user; its row's {@code deletedAt} is the snapshot's {@code deletedDateTime}. */
    private record PendingUser(Position at, UserRow row) implements Pending {
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
    private long pendingMembers;

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
                case USER -> new PendingUser(at, withDeletion(Documents.userRow(node, pointer), deletedAt(node, pointer)));
                case GROUP -> {
                    Group group = new FactReader().group(node, pointer);
                    pendingMembers += group.members().size();
                    yield new PendingGroup(at, Documents.groupRow(node, pointer), group.members());
                }
                case ASSIGNMENT -> new PendingAssignment(at, assignment(node, pointer));
            });
        } catch (BadInput bad) {
            bad.problems().forEach(p -> problems.add(new ImportReport.Problem(record, line, p.pointer(), p.message())));
            pending.clear();
            return false;
        }
        return (pending.size() < size && pendingMembers < MAX_MEMBERS) || flush();
    }

    private static UserRow withDeletion(UserRow row, Instant deletedAt) {
        return new UserRow(row.id(), row.userPrincipalName(), row.mail(), row.displayName(), row.employeeId(), deletedAt,
                row.document(), row.contentHash());
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
        if (changes >= ANALYZE_AFTER) {
            store.analyze();
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
            long taken = store.write(writes -> apply(writes.bulk(), unresolved));
            for (Pending record : pending) {
                if (record instanceof PendingUser) {
                    users++;
                } else if (record instanceof PendingGroup) {
                    groups++;
                } else {
                    assignments++;
                }
            }
            changes += taken;
            forward.addAll(unresolved);
            written += pending.size();
            pending.clear();
            pendingMembers = 0;
            committed.accept(written);
            return true;
        } catch (RecordRefused refused) {
            problems.add(new ImportReport.Problem(refused.at.record(), refused.at.line(), refused.pointer, refused.getMessage()));
            pending.clear();
            return false;
        }
    }

    /**
     * Applies the queued records in file order, each run of records of one kind as one bulk write.
     * Ids the records reference are looked up once; an object is known to the records after it in
     * the batch, so a member listed before its object is kept aside like one in a later batch.
     * Returns the number of changes taken.
     */
    private long apply(BulkWrites bulk, List<ForwardMember> unresolved) throws SQLException {
        Map<String, String> known = bulk.kindsOf(referencedIds());
        long taken = 0;
        for (int from = 0, to; from < pending.size(); from = to) {
            Class<?> kind = pending.get(from).getClass();
            to = from;
            while (to < pending.size() && pending.get(to).getClass() == kind) {
                to++;
            }
            List<Pending> run = pending.subList(from, to);
            if (kind == PendingUser.class) {
                run.forEach(record -> known.put(((PendingUser) record).row().id(), Member.USER));
                taken += bulk.putUsers(run.stream().map(record -> ((PendingUser) record).row()).toList());
            } else if (kind == PendingGroup.class) {
                taken += bulk.putGroups(groups(run, known, unresolved));
            } else {
                taken += bulk.addAssignments(assignments(run, known));
            }
        }
        return taken;
    }

    private List<String> referencedIds() {
        List<String> ids = new ArrayList<>();
        for (Pending record : pending) {
            if (record instanceof PendingGroup group) {
                ids.addAll(group.members());
            } else if (record instanceof PendingAssignment assignment) {
                ids.add(assignment.row().principalId());
            }
        }
        return ids;
    }

    private static List<GroupWithMembers> groups(List<Pending> run, Map<String, String> known, List<ForwardMember> unresolved) {
        List<GroupWithMembers> groups = new ArrayList<>(run.size());
        for (Pending record : run) {
            PendingGroup group = (PendingGroup) record;
            known.put(group.row().id(), Member.GROUP);
            List<Member> members = new ArrayList<>(group.members().size());
            for (int i = 0; i < group.members().size(); i++) {
                String memberId = group.members().get(i);
                String kind = known.get(memberId);
                if (kind == null) {
                    Position at = group.at();
                    unresolved.add(new ForwardMember(new Position(at.record(), at.line(), at.pointer() + "/members/" + i),
                            group.row().id(), memberId));
                } else {
                    members.add(new Member(memberId, kind));
                }
            }
            groups.add(new GroupWithMembers(group.row(), members));
        }
        return groups;
    }

    private static List<AssignmentRow> assignments(List<Pending> run, Map<String, String> known) {
        List<AssignmentRow> rows = new ArrayList<>(run.size());
        for (Pending record : run) {
            PendingAssignment assignment = (PendingAssignment) record;
            AssignmentRow row = assignment.row();
            String kind = known.get(row.principalId());
            if (kind == null || !kind.equalsIgnoreCase(row.principalType())) {
                throw new RecordRefused(assignment.at(), assignment.at().pointer() + "/principalId", "principal `"
                        + row.principalId() + "` is no " + row.principalType().toLowerCase(java.util.Locale.ROOT) + " of the directory");
            }
            rows.add(row);
        }
        return rows;
    }

    /** Links the members named before their object existed, in one transaction, once every batch is in. */
    private void linkForwardMembers() {
        try {
            changes += store.write(writes -> {
                BulkWrites bulk = writes.bulk();
                Map<String, String> kinds = bulk.kindsOf(forward.stream().map(ForwardMember::memberId).toList());
                List<Membership> memberships = new ArrayList<>(forward.size());
                for (ForwardMember member : forward) {
                    String kind = kinds.get(member.memberId());
                    if (kind == null) {
                        throw new RecordRefused(member.at(), member.at().pointer(),
                                "member `" + member.memberId() + "` references no user or group");
                    }
                    memberships.add(new Membership(member.groupId(), new Member(member.memberId(), kind)));
                }
                return bulk.addMembers(memberships);
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
