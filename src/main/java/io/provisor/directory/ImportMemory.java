package io.provisor.directory;

import io.provisor.store.BulkWrites;
import io.provisor.store.BulkWrites.GroupWithMembers;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.Member;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an import knows of the directory it writes, and how a batch's references resolve against it: the
 * ids it wrote or looked up ({@link KnownIds}, bounded), and whether it is the directory's only writer.
 * Used by the import's writer thread only.
 */
final class ImportMemory {

    private final KnownIds known;
    /**
     * The import began on an empty directory and nobody else has changed it since: every object in it
     * is one this import wrote, so an id {@link #known} does not hold names nothing and needs no lookup.
     */
    private boolean alone;

    ImportMemory(int maxOtherIds) {
        this.known = new KnownIds(maxOtherIds);
    }

    /** The import's first batch: {@code alone} when it loads an empty directory. */
    void begin(boolean alone) {
        this.alone = alone;
    }

    /** Someone else changed the directory: what the import knew may be gone. */
    void othersWrote() {
        known.clear();
        alone = false;
    }

    /** True while an id the import does not hold names nothing for sure: it looks nothing up. */
    boolean certain() {
        return alone && known.complete();
    }

    /**
     * The kinds of the members and principals a batch names: what the import knows, and the rest looked up
     * once. Alone and complete, an id the import does not know names nothing yet, so nothing is looked up.
     */
    Kinds resolve(BulkWrites bulk, List<Pending> batch) throws SQLException {
        // what this batch looked up or wrote, kept whole: the import's memory is bounded and may forget
        Kinds kinds = new Kinds(known);
        if (!certain()) {
            List<String> unknown = new ArrayList<>();
            for (String id : referencedIds(batch)) {
                if (known.kindOf(id) == null) {
                    unknown.add(id);
                }
            }
            if (!unknown.isEmpty()) {
                bulk.kindsOf(unknown).forEach(kinds::put);
            }
        }
        return kinds;
    }

    /** The ids that name no object for sure: while the import is {@link #alone}, those it has not written. */
    Set<String> absent(List<String> ids) {
        if (!certain()) {
            return Set.of();
        }
        Set<String> absent = new HashSet<>();
        for (String id : ids) {
            if (known.kindOf(id) == null) {
                absent.add(id);
            }
        }
        return absent;
    }

    /**
     * Remembers that the rows' principals have assignments and returns those that had none for sure before:
     * while the import is {@link #alone}, those it wrote no assignment to. Saves the lookup of existing
     * assignments, which on PostgreSQL scanned the whole table while it was being loaded (no statistics yet,
     * so a many-valued {@code = ANY(?)} on a column that is not unique looked cheaper to filter than to look up).
     */
    Set<String> assigning(List<AssignmentRow> rows) {
        Set<String> unassigned = new HashSet<>();
        if (certain()) {
            for (AssignmentRow row : rows) {
                if (known.unassigned(row.principalId())) {
                    unassigned.add(row.principalId());
                }
            }
        }
        rows.forEach(row -> known.markAssigned(row.principalId()));
        return unassigned;
    }

    /** The kinds a batch resolves against: the import's bounded memory, then everything the batch itself met. */
    static final class Kinds {
        private final KnownIds known;
        private final Map<String, String> batch = new HashMap<>();

        Kinds(KnownIds known) {
            this.known = known;
        }

        void put(String id, String kind) {
            known.put(id, kind);
            batch.put(id, kind);
        }

        String kindOf(String id) {
            String kind = batch.get(id);
            return kind != null ? kind : known.kindOf(id);
        }
    }

    private static List<String> referencedIds(List<Pending> batch) {
        List<String> ids = new ArrayList<>();
        for (Pending record : batch) {
            if (record instanceof Pending.Group group) {
                ids.addAll(group.members());
            } else if (record instanceof Pending.Assignment assignment) {
                ids.add(assignment.row().principalId());
            }
        }
        return ids;
    }

    static List<GroupWithMembers> groups(List<Pending> run, Kinds known, List<ForwardMember> unresolved) {
        List<GroupWithMembers> groups = new ArrayList<>(run.size());
        for (Pending record : run) {
            Pending.Group group = (Pending.Group) record;
            known.put(group.row().id(), Member.GROUP);
            List<Member> members = new ArrayList<>(group.members().size());
            for (int i = 0; i < group.members().size(); i++) {
                String memberId = group.members().get(i);
                String kind = known.kindOf(memberId);
                if (kind == null) {
                    Pending.Position at = group.at();
                    unresolved.add(new ForwardMember(new Pending.Position(at.record(), at.line(), at.pointer() + "/members/" + i),
                            group.row().id(), memberId));
                } else {
                    members.add(new Member(memberId, kind));
                }
            }
            groups.add(new GroupWithMembers(group.row(), members));
        }
        return groups;
    }

    static List<AssignmentRow> assignments(List<Pending> run, Kinds known) {
        List<AssignmentRow> rows = new ArrayList<>(run.size());
        for (Pending record : run) {
            Pending.Assignment assignment = (Pending.Assignment) record;
            AssignmentRow row = assignment.row();
            String kind = known.kindOf(row.principalId());
            if (kind == null || !kind.equalsIgnoreCase(row.principalType())) {
                throw new RecordRefused(assignment.at(), assignment.at().pointer() + "/principalId", "principal `"
                        + row.principalId() + "` is no " + row.principalType().toLowerCase(Locale.ROOT) + " of the directory");
            }
            rows.add(row);
        }
        return rows;
    }
}
