package io.provisor.directory;

import io.provisor.store.BulkWrites;
import io.provisor.store.BulkWrites.GroupWithMembers;
import io.provisor.store.BulkWrites.Membership;
import io.provisor.store.DirectoryStore;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.UserRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Writes an import's batches, each in one transaction, on a thread of its own and in the order they are
 * handed over, while the caller reads and validates the next batch: parsing in the JVM and writing in
 * the database overlap. One batch is written at a time and the next one waits for it, so at most two
 * batches are in memory, and a batch is written only once every batch before it is committed. After a
 * batch is refused nothing more is written.
 */
final class ImportWriter implements AutoCloseable {

    private record ForwardMember(Pending.Position at, String groupId, String memberId) {
    }

    /**
     * How often a bulk load whose commits are written out late has them written and reports them committed:
     * a killed import loses at most this much, and reported progress is never lost.
     */
    private static final long CHECKPOINT_NANOS = 1_000_000_000L;

    private final DirectoryStore store;
    private final LongConsumer committed;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread writer = new Thread(task, "provisor-import-writer");
        writer.setDaemon(true);
        return writer;
    });
    private Future<?> writing;

    // used by the writer thread only, and by the caller once it is idle
    private boolean started;
    /** The import began on an empty directory and its deferred indexes are not built yet. */
    private boolean bulkLoad;
    /**
     * The import began on an empty directory and nobody else has changed it since: every object in it
     * is one this import wrote, so an id {@link #known} does not hold names nothing and needs no lookup.
     */
    private boolean alone;

    // used by the writer thread only
    private final KnownIds known;
    /** Where this import's last committed batch left the change feed (-1 before the first). */
    private long watermark = -1;
    /** The change feed's last number when the batch being written locked it. */
    private long lockedAt;
    /** When the delayed commits were last written out: the first batch is written out at once. */
    private long checkpointAt = System.nanoTime() - CHECKPOINT_NANOS;

    // written by the writer thread, read by the caller after await()
    private final List<ForwardMember> forward = new ArrayList<>();
    private ImportReport.Problem refused;
    private long users;
    private long groups;
    private long assignments;
    private long changes;
    private long written;
    /** Records reported committed: every batch is, once it is written out. */
    private long reported;

    ImportWriter(DirectoryStore store, LongConsumer committed, int maxOtherIds) {
        this.store = store;
        this.committed = committed;
        this.known = new KnownIds(maxOtherIds);
    }

    /**
     * Waits until the batch being written is committed, then starts writing this one and returns. False
     * (and nothing written) when an earlier batch was refused.
     */
    boolean write(List<Pending> batch) {
        if (!await()) {
            return false;
        }
        writing = thread.submit(() -> writeNow(batch));
        return true;
    }

    /** Waits until the batch being written is committed or refused; false when a batch was refused. */
    boolean await() {
        if (writing != null) {
            try {
                writing.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while an import batch was being written", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                writing = null;
            }
        }
        return refused == null;
    }

    /** The record the database refused, or null. */
    ImportReport.Problem refused() {
        return refused;
    }

    long users() {
        return users;
    }

    long groups() {
        return groups;
    }

    long assignments() {
        return assignments;
    }

    long changes() {
        return changes;
    }

    private void writeNow(List<Pending> batch) {
        if (!started) {
            // into an empty directory the rows go in first and the secondary indexes are built at the end
            started = true;
            OptionalLong empty = store.beginBulkLoad();
            bulkLoad = empty.isPresent();
            alone = bulkLoad;
            watermark = empty.orElse(-1);
        }
        List<ForwardMember> unresolved = new ArrayList<>();
        long taken;
        try {
            taken = bulkLoad ? store.writeDelayed(writes -> apply(writes.bulk(), batch, unresolved))
                    : store.write(writes -> apply(writes.bulk(), batch, unresolved));
        } catch (RecordRefused refusal) {
            refused = refusal.problem();
            return;
        }
        changes += taken;
        watermark = lockedAt + taken;
        for (Pending record : batch) {
            if (record instanceof Pending.User) {
                users++;
            } else if (record instanceof Pending.Group) {
                groups++;
            } else {
                assignments++;
            }
        }
        forward.addAll(unresolved);
        written += batch.size();
        if (bulkLoad && store.commitsDelayed()) {
            if (System.nanoTime() - checkpointAt < CHECKPOINT_NANOS) {
                return;
            }
            store.checkpoint();
            checkpointAt = System.nanoTime();
        }
        report();
    }

    private void report() {
        if (reported < written) {
            reported = written;
            committed.accept(written);
        }
    }

    /**
     * Applies a batch in file order, each run of records of one kind as one bulk write. The members and
     * principals the batch names are looked up in {@link #known}, and only those it does not hold in the
     * database, once; an object is known to the records after it in the batch, so a member listed before
     * its object is kept aside like one in a later batch. Returns the changes taken.
     */
    private long apply(BulkWrites bulk, List<Pending> batch, List<ForwardMember> unresolved) throws SQLException {
        lockedAt = bulk.watermarkAtStart();
        if (lockedAt != watermark) {
            // someone else changed the directory since this import's last batch, and may have deleted what it knew
            known.clear();
            alone = false;
        }
        // what this batch looked up or wrote, kept whole: {@link #known} is bounded and may forget
        Kinds kinds = new Kinds(known);
        if (!alone || !known.complete()) {
            // alone and complete, an id the import does not know names nothing yet: only then is there nothing to look up
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
        long taken = 0;
        for (int from = 0, to; from < batch.size(); from = to) {
            Class<?> kind = batch.get(from).getClass();
            to = from;
            while (to < batch.size() && batch.get(to).getClass() == kind) {
                to++;
            }
            List<Pending> run = batch.subList(from, to);
            if (kind == Pending.User.class) {
                List<UserRow> users = run.stream().map(record -> ((Pending.User) record).row()).toList();
                Set<String> absent = absent(users.stream().map(UserRow::id).toList());
                users.forEach(user -> kinds.put(user.id(), Member.USER));
                taken += bulk.putUsers(users, absent);
            } else if (kind == Pending.Group.class) {
                Set<String> absent = absent(run.stream().map(record -> ((Pending.Group) record).row().id()).toList());
                taken += bulk.putGroups(groups(run, kinds, unresolved), absent);
            } else {
                List<AssignmentRow> rows = assignments(run, kinds);
                Set<String> unassigned = unassigned(rows);
                rows.forEach(row -> known.markAssigned(row.principalId()));
                taken += bulk.addAssignments(rows, unassigned);
            }
        }
        return taken;
    }

    /** The ids that name no object for sure: while the import is {@link #alone}, those it has not written. */
    private Set<String> absent(List<String> ids) {
        if (!alone || !known.complete()) {
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
     * The principals that have no assignment for sure: while the import is {@link #alone}, those it wrote
     * no assignment to. Saves the lookup of existing assignments, which on PostgreSQL scanned the whole
     * table while it was being loaded (no statistics yet, so a many-valued {@code = ANY(?)} on a column
     * that is not unique looked cheaper to filter than to look up).
     */
    private Set<String> unassigned(List<AssignmentRow> rows) {
        if (!alone || !known.complete()) {
            return Set.of();
        }
        Set<String> unassigned = new HashSet<>();
        for (AssignmentRow row : rows) {
            if (known.unassigned(row.principalId())) {
                unassigned.add(row.principalId());
            }
        }
        return unassigned;
    }

    /** The kinds a batch resolves against: the import's bounded memory, then everything the batch itself met. */
    private static final class Kinds {
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

    private static List<GroupWithMembers> groups(List<Pending> run, Kinds known, List<ForwardMember> unresolved) {
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

    private static List<AssignmentRow> assignments(List<Pending> run, Kinds known) {
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

    /**
     * Links the members named before their object existed, in one transaction, once every batch is in
     * (call after {@link #await}). False when one of them names nothing.
     */
    boolean linkForwardMembers() {
        if (forward.isEmpty()) {
            return true;
        }
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
            return true;
        } catch (RecordRefused refusal) {
            refused = refusal.problem();
            return false;
        }
    }

    /**
     * Builds the indexes a bulk load left out, if this import started one; call once the writer is idle.
     * A killed import leaves that to the next {@code Database.open}.
     */
    void endBulkLoad() {
        if (bulkLoad) {
            bulkLoad = false;
            store.buildIndexes();
            report();
        }
    }

    /** Waits for the batch being written, if any, ends the writer thread and builds any indexes left out. */
    @Override
    public void close() {
        thread.shutdown();
        boolean interrupted = false;
        while (!thread.isTerminated()) {
            try {
                thread.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        endBulkLoad();
    }

    /** A record the database refused; rolls its batch back. */
    private static final class RecordRefused extends RuntimeException {
        private final transient Pending.Position at;
        private final String pointer;

        RecordRefused(Pending.Position at, String pointer, String message) {
            super(message, null, false, false);
            this.at = at;
            this.pointer = pointer;
        }

        ImportReport.Problem problem() {
            return new ImportReport.Problem(at.record(), at.line(), pointer, getMessage());
        }
    }
}
