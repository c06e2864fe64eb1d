package io.provisor.preview;

import io.provisor.codec.Json;
import io.provisor.directory.BatchFacts;
import io.provisor.directory.Directory;
import io.provisor.directory.NotFound;
import io.provisor.engine.EvaluationInput;
import io.provisor.engine.Outcome;
import io.provisor.engine.PolicyEngine;
import io.provisor.model.Action;
import io.provisor.model.Ids;
import io.provisor.rules.RuleFile;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.RuleSetRejected;
import io.provisor.rules.facts.TargetState;
import io.provisor.store.Candidates;
import io.provisor.store.JobStore;
import io.provisor.store.PreviewStore;
import io.provisor.store.PreviewStore.Change;
import io.provisor.store.PreviewStore.Preview;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a proposed rule set would change: the users a cycle would process decided under the active and
 * the proposed set side by side (with the stored links as target state), streamed in batches on all
 * cores with a bounded queue. Stores counts per transition and every changed user with the rule that
 * made the difference.
 *
 * <p>With scope "assigned" in both sets, users neither assigned to the app (directly or through a
 * group they are a direct member of) nor linked are counted, not decided: the common rule
 * {@code entitlement.not-assigned} excludes them under any set of app rules (the sandbox lets no rule
 * retract it), an excluded user is never created or updated, and without a link there is no account
 * to disable or delete. The initial cycle leaves them out for the same reason.
 */
public final class ImpactPreview {

    private static final Logger LOG = LoggerFactory.getLogger(ImpactPreview.class);
    static final int BATCH = 500;

    private final RuleLibrary library;
    private final Directory directory;
    private final JobStore jobs;
    private final Candidates candidates;
    private final PreviewStore store;
    private final PolicyEngine engine;
    private final Clock clock;
    private final int threads;

    public ImpactPreview(RuleLibrary library, Directory directory, JobStore jobs, Candidates candidates, PreviewStore store,
                         PolicyEngine engine, Clock clock) {
        this(library, directory, jobs, candidates, store, engine, clock, Runtime.getRuntime().availableProcessors());
    }

    /** {@code threads}: batches decided side by side (tests pin it, so they know which batches are done when one fails). */
    ImpactPreview(RuleLibrary library, Directory directory, JobStore jobs, Candidates candidates, PreviewStore store,
                  PolicyEngine engine, Clock clock, int threads) {
        this.library = library;
        this.directory = directory;
        this.jobs = jobs;
        this.candidates = candidates;
        this.store = store;
        this.engine = engine;
        this.clock = clock;
        this.threads = Math.max(1, threads);
    }

    /** The app's files with {@code proposed} laid over them (same path replaces), as activation would see them. */
    public Map<String, String> overlay(String app, Map<String, String> proposed) {
        Map<String, String> files = new TreeMap<>();
        library.readFiles(app).stream().filter(f -> f.path().startsWith(app + "/")).forEach(f -> files.put(f.path(), f.text()));
        files.putAll(proposed);
        return files;
    }

    /** Runs a preview of exactly {@code appFiles} (the app's whole set of files) and stores it. */
    public Preview run(String app, Map<String, String> appFiles) throws RuleSetRejected {
        if (!library.knows(app)) {
            throw new NotFound("app", app);
        }
        RuleSet active = library.active(app).orElseThrow(() -> new NotFound("active rule set", app));
        List<RuleFile> files = new ArrayList<>(library.commonFiles());
        appFiles.forEach((path, text) -> files.add(RuleFile.of(path, text)));
        RuleSet proposed = library.check(app, files);
        boolean everyone = active.app().isSyncAll() || proposed.app().isSyncAll();
        BatchFacts facts = directory.factsReader(app); // shared by the batches: each group is read once
        String id = Ids.timeOrdered(); // time-ordered: the retention can tell when a preview without a summary began
        Map<String, LongAdder> transitions = new ConcurrentHashMap<>();
        AtomicLong evaluated = new AtomicLong();
        AtomicLong changed = new AtomicLong();
        AtomicLong disables = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Semaphore room = new Semaphore(threads * 2);
        List<Future<?>> running = new ArrayList<>();
        boolean completed = false;
        try {
            List<String> batch = new ArrayList<>(BATCH);
            Runnable submit = () -> {
                List<String> ids = List.copyOf(batch);
                batch.clear();
                room.acquireUninterruptibly();
                running.add(pool.submit(() -> {
                    try {
                        List<Change> changes = compare(app, facts, ids, active, proposed, transitions, disables, evaluated);
                        changed.addAndGet(changes.size());
                        store.addChanges(id, changes);
                    } finally {
                        room.release();
                    }
                }));
                running.removeIf(ImpactPreview::succeeded); // a failed batch fails the preview now: no batch after it is handed out
            };
            candidates.users(app, everyone, null, userId -> {
                batch.add(userId);
                if (batch.size() == BATCH) {
                    submit.run();
                }
            });
            if (!batch.isEmpty()) {
                submit.run();
            }
            for (Future<?> future : running) {
                future.get();
            }
            completed = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the preview was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            // after a failure: batches not started are dropped, those running finish (never interrupted in a write)
            running.forEach(future -> future.cancel(false));
            pool.shutdown();
            awaitQuietly(pool);
            if (!completed) {
                discard(id, pool);
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        transitions.forEach((key, count) -> counts.put(key, count.sum()));
        // the directory may change while the preview runs: an estimate, never below zero
        long notAssigned = everyone ? 0 : Math.max(0, candidates.countDirectoryUsers() - evaluated.get());
        Preview preview = new Preview(id, app, active.revision(), proposed.revision(), hash(appFiles), clock.instant(), evaluated.get(),
                notAssigned, changed.get(), disables.get(), Json.write(counts));
        store.save(preview);
        return preview;
    }

    private List<Change> compare(String app, BatchFacts reader, List<String> ids, RuleSet active, RuleSet proposed,
                                 Map<String, LongAdder> transitions, AtomicLong disables, AtomicLong evaluated) {
        Map<String, TargetState> targets = new HashMap<>();
        jobs.links(app, "User", ids).forEach(link -> targets.put(link.sourceId(), TargetState.linked(link.targetId(), Map.of())));
        // users hard-deleted since they were listed are left out: the cycle deletes them whatever the rules say
        Map<String, EvaluationInput> facts = reader.read(ids, targets);
        List<String> found = List.copyOf(facts.keySet());
        List<EvaluationInput> inputs = List.copyOf(facts.values());
        evaluated.addAndGet(inputs.size());
        List<Outcome> befores = engine.outcomes(active, inputs);
        List<Outcome> afters = engine.outcomes(proposed, inputs);
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            EvaluationInput input = inputs.get(i);
            String userId = found.get(i);
            Outcome before = befores.get(i);
            Outcome after = afters.get(i);
            transitions.computeIfAbsent(before.action() + " → " + after.action(), key -> new LongAdder()).increment();
            if (before.action() != after.action() || !before.code().equals(after.code())) {
                changes.add(new Change(userId, input.user().label(), before.action().toString(), before.code(),
                        after.action().toString(), after.code(), decisiveRule(before, after)));
                if (removes(after.action()) && !removes(before.action())) {
                    disables.incrementAndGet();
                }
            }
        }
        return changes;
    }

    /** Whether the batch is done; throws its failure if it failed. */
    private static boolean succeeded(Future<?> batch) {
        if (!batch.isDone()) {
            return false;
        }
        try {
            batch.get();
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cannot happen: the batch is done
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Removes the changed users a failed preview wrote: it gets no summary, so no one could read them and the retention,
     * which purges previews by their summary, would never find them. Skipped while a batch still runs (it may yet write).
     */
    private void discard(String id, ExecutorService pool) {
        if (!pool.isTerminated()) {
            LOG.warn("preview {} failed while a batch still ran; its changed users stay in the store", id);
            return;
        }
        try {
            store.discard(id);
        } catch (RuntimeException e) {
            LOG.warn("preview {} failed and its changed users could not be removed: {}", id, e.getMessage());
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The rule the proposed set decided with, or, when it has none, the rule the active set decided with. */
    private static String decisiveRule(Outcome before, Outcome after) {
        Set<String> old = Set.copyOf(before.ruleIds());
        for (String ruleId : after.ruleIds()) {
            if (!old.contains(ruleId)) {
                return ruleId;
            }
        }
        return after.ruleIds().isEmpty() ? (before.ruleIds().isEmpty() ? null : before.ruleIds().get(0)) : after.ruleIds().get(0);
    }

    static boolean removes(Action action) {
        return action == Action.DISABLE || action == Action.DELETE;
    }

    /** The hash that ties an activation to a preview of exactly the same files. */
    public static String hash(Map<String, String> appFiles) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(appFiles).forEach((path, text) -> {
                digest.update(path.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(text.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
