package io.provisor.directory;

import io.provisor.store.BulkWrites;
import io.provisor.store.BulkWrites.Membership;
import io.provisor.store.DirectoryStore;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.UserRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
    // used by the writer thread only
    private final ImportMemory memory;
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
        this.memory = new ImportMemory(maxOtherIds);
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
            memory.begin(bulkLoad);
            watermark = empty.orElse(-1);
        }
        if (bulkLoad && !memory.certain()) {
            // ids will be looked up from now on (the memory overflowed, or someone else wrote): the keys they
            // read first, where without them (H2 defers the user key) each lookup would scan the table
            endBulkLoad();
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
     * principals the batch names are resolved by {@link ImportMemory}, and only those it does not hold in the
     * database, once; an object is known to the records after it in the batch, so a member listed before
     * its object is kept aside like one in a later batch. Returns the changes taken.
     */
    private long apply(BulkWrites bulk, List<Pending> batch, List<ForwardMember> unresolved) throws SQLException {
        lockedAt = bulk.watermarkAtStart();
        if (lockedAt != watermark) {
            memory.othersWrote(); // since this import's last batch: they may have deleted what it knew
        }
        ImportMemory.Kinds kinds = memory.resolve(bulk, batch);
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
                Set<String> absent = memory.absent(users.stream().map(UserRow::id).toList());
                users.forEach(user -> kinds.put(user.id(), Member.USER));
                taken += bulk.putUsers(users, absent);
            } else if (kind == Pending.Group.class) {
                Set<String> absent = memory.absent(run.stream().map(record -> ((Pending.Group) record).row().id()).toList());
                taken += bulk.putGroups(ImportMemory.groups(run, kinds, unresolved), absent);
            } else {
                List<AssignmentRow> rows = ImportMemory.assignments(run, kinds);
                taken += bulk.addAssignments(rows, memory.assigning(rows));
            }
        }
        return taken;
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

}
