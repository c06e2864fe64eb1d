package io.provisor.cycle;

import io.provisor.connector.ConnectorException;
import io.provisor.connector.ObjectKind;
import io.provisor.connector.TargetError;
import io.provisor.directory.NotFound;
import io.provisor.engine.EvaluationInput;
import io.provisor.engine.DecisionFailed;
import io.provisor.engine.Outcome;
import io.provisor.engine.Tentative;
import io.provisor.engine.Verdict;
import io.provisor.logs.LogEntries;
import io.provisor.model.Action;
import io.provisor.model.AttributeChange;
import io.provisor.model.Decision;
import io.provisor.model.LogEntry;
import io.provisor.model.Reason;
import io.provisor.rules.facts.AttributeMatch;
import io.provisor.rules.facts.Deletion;
import io.provisor.rules.facts.TargetObject;
import io.provisor.rules.facts.TargetState;
import io.provisor.rules.facts.User;
import io.provisor.store.JobRows.Escrow;
import io.provisor.store.JobRows.Journal;
import io.provisor.store.JobRows.Link;
import io.provisor.store.JobRows.Staged;
import io.provisor.store.ObjectCommit;
import io.provisor.store.RevisionStore;
import io.provisor.revisions.DecisionFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One user through Entra's pipeline against the real target: import from the directory, read the linked
 * account (or match by the matching attributes in precedence order), decide with the rules, act, and
 * commit the link, escrow and log record together.
 *
 * <p>Every target write is journaled first. If the process dies between the write and its commit, the
 * next attempt finds the journal entry, matches the account the write created instead of creating a
 * second one, and logs the original action once.
 */
final class UserSync {

    static final String USER = "User";

    private final JobContext job;
    private final OutcomeWriter outcomes;

    UserSync(JobContext job, OutcomeWriter outcomes) {
        this.job = job;
        this.outcomes = outcomes;
    }

    /**
     * What one attempt's reads and decisions came to, before any target write: the facts with the target
     * state the rules decided with, and the verdict; or, when there is nothing to write, the finished result.
     */
    record Prepared(EvaluationInput decided, Verdict verdict, ObjectResult finished) {
    }

    ObjectResult process(String userId, String cycleId, String changeId, DeletionMode deletions, CycleProgress progress) {
        Runnable unlock = job.locks().acquire(job.app(), USER, userId);
        try {
            Instant started = job.clock().instant();
            Link link = job.jobs().link(job.app(), USER, userId).orElse(null);
            EvaluationInput found;
            try {
                found = job.directory().facts(job.app(), userId, TargetState.unknown());
            } catch (NotFound e) {
                found = null;
            }
            EvaluationInput imported = imported(userId, link, found);
            if (imported == null) {
                return ObjectResult.NOTHING; // gone from the directory and never provisioned: nothing to do
            }
            return withRetries(imported, link, cycleId, changeId, deletions, started, progress, null);
        } finally {
            outcomes.afterAttempt(unlock); // held until the user's outcome is committed
        }
    }

    /** The user's facts as the directory has them; for a user gone from it, what its link knows; null when neither. */
    static EvaluationInput imported(String userId, Link link, EvaluationInput found) {
        if (found != null || link == null) {
            return found;
        }
        return new EvaluationInput(departed(userId, link.displayName()), List.of(), List.of(), TargetState.unknown());
    }

    /**
     * Runs attempts until one is logged: a throttled attempt, or one whose connection failed before any answer, is
     * tried again within the cycle ({@link Retries#after}); another failure is logged and escrowed; a
     * connection-level failure ends the cycle. {@code first}, when given, is the first attempt (a chunk's, whose
     * reads were done apart).
     */
    ObjectResult withRetries(EvaluationInput imported, Link link, String cycleId, String changeId, DeletionMode deletions,
                             Instant started, CycleProgress progress, Supplier<ObjectResult> first) {
        Retries retries = Retries.NONE;
        for (boolean firstAttempt = true; ; firstAttempt = false) {
            try {
                return firstAttempt && first != null ? first.get()
                        : attempt(imported, link, cycleId, changeId, deletions, started, retries);
            } catch (DecisionFailed e) {
                return decisionFailed(imported, link, cycleId, changeId, e, started);
            } catch (ConnectorException e) {
                TargetError error = e.error();
                if (error.connectionLevel()) {
                    throw new TargetUnavailable(error);
                }
                Retries next = retries.after(error);
                if (next == null) {
                    return fail(imported, link, cycleId, changeId, error, started, retries);
                }
                if ("TooManyRequests".equals(error.code())) {
                    progress.deferred();
                }
                retries = next;
            }
        }
    }

    private ObjectResult attempt(EvaluationInput imported, Link link, String cycleId, String changeId, DeletionMode deletions,
                                 Instant started, Retries retries) {
        Prepared prepared = prepare(imported, link, cycleId, changeId, started, retries);
        if (prepared.finished() != null) {
            return prepared.finished();
        }
        Journal interrupted = job.jobs().journal(job.app(), USER, imported.user().id()).orElse(null);
        return act(prepared, link, interrupted, false, cycleId, changeId, deletions, started, retries);
    }

    /**
     * Reads the linked account (or matches) and decides with what the target holds; writes nothing to the target.
     * {@code retries}: what earlier attempts in this cycle ran into, noted on the record if this one ends here.
     */
    Prepared prepare(EvaluationInput imported, Link link, String cycleId, String changeId, Instant started, Retries retries) {
        TargetState state = TargetState.unknown();
        if (link != null) {
            Map<String, Object> account = job.target().get(ObjectKind.USER, link.targetId()).orElse(null);
            if (account == null) {
                return new Prepared(null, null, accountGone(imported, link, cycleId, changeId, started, retries));
            }
            state = TargetState.linked(link.targetId(), account);
        }
        Verdict verdict;
        if (link == null) {
            // a user without a link may have an account already: look for it before the decision stands
            Tentative first = job.engine().decideUnless(job.rules(), input(imported, state), UserSync::needsLookup);
            if (first.stands()) {
                verdict = first.verdict();
            } else {
                state = TargetState.found(match(imported.user(), first.writes()));
                verdict = job.engine().confirm(job.rules(), first, input(imported, state));
            }
        } else {
            verdict = decide(imported, state);
        }
        return new Prepared(new EvaluationInput(imported.user(), imported.groups(), imported.assignments(), state), verdict, null);
    }

    /** The write {@link #act} sends to the target for a prepared user, or null when it sends none (a held deletion, say). */
    Action write(Prepared prepared, DeletionMode deletions) {
        Action action = prepared.verdict().decision().action();
        return switch (action) {
            case CREATE, UPDATE -> action;
            case DISABLE, DELETE -> held(deletions) ? null : action;
            case NONE, SKIP -> null;
        };
    }

    private boolean held(DeletionMode deletions) {
        return deletions.kind() == DeletionMode.Kind.LOG_HELD
                || deletions.kind() == DeletionMode.Kind.HOLD && job.settings().deletionThreshold() > 0;
    }

    /** A create, or a create the app does not allow, first looks for an account the user may already have. */
    private static boolean needsLookup(Outcome outcome) {
        return outcome.action() == Action.CREATE || "CreateNotEnabled".equals(outcome.code());
    }

    private Verdict decide(EvaluationInput imported, TargetState state) {
        return job.engine().decide(job.rules(), input(imported, state));
    }

    private static EvaluationInput input(EvaluationInput imported, TargetState state) {
        return new EvaluationInput(imported.user(), imported.groups(), imported.assignments(), state);
    }

    /** Looks the user up in the target by each matching attribute in precedence order; the first that finds accounts wins. */
    private List<TargetObject> match(User user, Map<String, Object> writes) {
        List<AttributeMatch> order = new ArrayList<>(job.rules().app().matching());
        order.sort(Comparator.comparingInt(AttributeMatch::precedence));
        for (AttributeMatch match : order) {
            Object value = writes.get(match.target());
            if (value == null) {
                value = user.attribute(match.source());
            }
            if (value == null || String.valueOf(value).isBlank()) {
                continue;
            }
            List<Map<String, Object>> found = job.target().find(ObjectKind.USER, match.target(), String.valueOf(value));
            if (!found.isEmpty()) {
                return found.stream().map(resource -> new TargetObject(String.valueOf(resource.get("id")), resource)).toList();
            }
        }
        return List.of();
    }

    /**
     * Sends the prepared user's write and hands its outcome over. {@code journaled}: the write's journal entry
     * is already committed (a chunk journals its writes together); otherwise it is committed here first.
     */
    ObjectResult act(Prepared prepared, Link link, Journal interrupted, boolean journaled, String cycleId, String changeId,
                     DeletionMode deletions, Instant started, Retries retries) {
        EvaluationInput decided = prepared.decided();
        Verdict verdict = prepared.verdict();
        TargetState state = decided.target();
        User user = decided.user();
        Decision decision = verdict.decision();
        String matchedId = !state.isLinked() && state.getMatchCount() == 1 ? state.matches().get(0).id() : null;
        String targetId = state.isLinked() ? state.linkedId() : matchedId;
        Link keep = link;
        boolean unlink = false;
        switch (decision.action()) {
            case CREATE -> {
                begin(user, Action.CREATE, cycleId, journaled);
                Map<String, Object> created = job.target().create(ObjectKind.USER, verdict.writes());
                targetId = String.valueOf(created.get("id"));
                keep = newLink(user, targetId, cycleId);
            }
            case UPDATE -> {
                begin(user, Action.UPDATE, cycleId, journaled);
                job.target().update(ObjectKind.USER, targetId, changes(verdict));
                keep = link != null ? link : newLink(user, targetId, cycleId);
            }
            case DISABLE, DELETE -> {
                if (deletions.kind() == DeletionMode.Kind.HOLD && job.settings().deletionThreshold() > 0) {
                    outcomes.commit(new ObjectCommit(job.app(), USER, user.id(), link, false, null,
                            staged(user, decision, link, cycleId, changeId), null, List.of()));
                    return ObjectResult.STAGED;
                }
                if (deletions.kind() == DeletionMode.Kind.LOG_HELD) {
                    LogEntry held = LogRecords.staged(entry(decision, user, cycleId, changeId, targetId, started), deletions.held(),
                            deletions.threshold());
                    outcomes.commit(new ObjectCommit(job.app(), USER, user.id(), link, false, null,
                            staged(user, decision, link, cycleId, changeId), null, List.of(held)));
                    return ObjectResult.logged(held);
                }
                begin(user, decision.action(), cycleId, journaled);
                if (decision.action() == Action.DISABLE) {
                    job.target().update(ObjectKind.USER, targetId, changes(verdict));
                } else {
                    job.target().delete(ObjectKind.USER, targetId);
                    unlink = true;
                }
            }
            case NONE -> keep = link != null ? link : matchedId != null ? newLink(user, matchedId, cycleId) : null;
            case SKIP -> { }
        }
        LogEntry entry = entry(decision, user, cycleId, changeId, targetId, started);
        if (interrupted != null && "create".equals(interrupted.action()) && link == null && matchedId != null) {
            // The create of an interrupted attempt reached the target: it is this account, matched now.
            entry = LogRecords.recovered(entry, interrupted.startedAt());
        }
        entry = retries.noted(entry);
        outcomes.commit(new ObjectCommit(job.app(), USER, user.id(), keep, unlink, null, null, null, List.of(entry))
                .withFacts(new RevisionStore.Facts(entry.id(), job.app(), decision.revision(), entry.activityDateTime(),
                        DecisionFacts.json(decided, decision))));
        return ObjectResult.logged(entry);
    }

    /** The changes to send, with the real (unredacted) new values. */
    private static List<AttributeChange> changes(Verdict verdict) {
        Map<String, Object> old = new LinkedHashMap<>();
        verdict.decision().modifiedProperties().forEach(change -> old.put(change.name(), change.oldValue()));
        List<AttributeChange> changes = new ArrayList<>();
        verdict.writes().forEach((name, value) -> changes.add(new AttributeChange(name, old.get(name), value)));
        return changes;
    }

    private Staged staged(User user, Decision decision, Link link, String cycleId, String changeId) {
        Reason reason = decision.reasons().isEmpty() ? null : decision.reasons().get(0);
        String cause = changeId != null ? "directory change " + changeId : "rule set " + decision.revision() + " re-evaluated every user";
        return new Staged(job.app(), USER, user.id(), decision.action().toString(), user.displayName() != null
                ? user.displayName() : link.displayName(), decision.code(), reason == null ? null : reason.ruleId(), cause, cycleId,
                job.clock().instant());
    }

    /**
     * The linked account is gone. If an earlier attempt of ours was deleting it and stopped before recording the outcome
     * (a crash, or an answer lost with its connection), that delete went through: it is logged once, as a success, and the
     * link removed. Otherwise someone else removed the account: {@code InvalidAnchor}, and the link stays until an admin acts.
     */
    private ObjectResult accountGone(EvaluationInput imported, Link link, String cycleId, String changeId, Instant started,
                                     Retries retries) {
        Decision decision = decide(imported, TargetState.linked(link.targetId(), Map.of())).decision();
        Journal interrupted = job.jobs().journal(job.app(), USER, imported.user().id()).orElse(null);
        if (interrupted != null && "delete".equals(interrupted.action())) {
            LogEntry entry = retries.noted(LogRecords.deleteRecovered(entry(decision, imported.user(), cycleId, changeId,
                    link.targetId(), started), interrupted.startedAt()));
            outcomes.commit(new ObjectCommit(job.app(), USER, imported.user().id(), link, true, null, null, null, List.of(entry)));
            return ObjectResult.logged(entry);
        }
        TargetError error = new TargetError("InvalidAnchor", 404, false, null,
                "the linked account `" + link.targetId() + "` no longer exists in the target",
                "restart the job with resetScope Full to match the user again, or recreate the account", false);
        LogEntry entry = retries.noted(LogRecords.failed(entry(decision, imported.user(), cycleId, changeId, link.targetId(), started),
                error));
        outcomes.commit(new ObjectCommit(job.app(), USER, imported.user().id(), link, false, null, null, null, List.of(entry)));
        return ObjectResult.logged(entry);
    }

    private ObjectResult fail(EvaluationInput imported, Link link, String cycleId, String changeId, TargetError error, Instant started,
                              Retries retries) {
        Decision decision;
        try {
            decision = decide(imported, link == null ? TargetState.unknown() : TargetState.linked(link.targetId(), Map.of()))
                    .decision();
        } catch (DecisionFailed e) {
            return decisionFailed(imported, link, cycleId, changeId, e, started);
        }
        LogEntry entry = LogRecords.failed(entry(decision, imported.user(), cycleId, changeId, link == null ? null : link.targetId(),
                started), error);
        return escrowed(imported, link, retries.noted(entry), error);
    }

    /** The rules or a mapping threw on this user: nothing was sent; the user is logged as failed and retried like a refused write. */
    private ObjectResult decisionFailed(EvaluationInput imported, Link link, String cycleId, String changeId, DecisionFailed failure,
                                        Instant started) {
        LogEntry entry = LogRecords.decisionFailed(job.app(), imported.user(), cycleId, changeId, link == null ? null : link.targetId(),
                failure, started, job.clock().instant());
        return escrowed(imported, link, entry, LogRecords.asError(failure));
    }

    /** Commits a failed attempt's record with the user's escrow (or the end of its retries) noted on it. */
    private ObjectResult escrowed(EvaluationInput imported, Link link, LogEntry failed, TargetError error) {
        Instant now = job.clock().instant();
        Escrow previous = job.jobs().escrow(job.app(), USER, imported.user().id()).orElse(null);
        Escrow escrow = Escrows.givenUp(previous, now) ? null
                : Escrows.next(previous, job.app(), USER, imported.user().id(), error, job.settings().escrowBackoff(), now);
        LogEntry entry = failed;
        if (escrow != null) {
            entry = LogRecords.withNote(entry, "EntryEscrowed", "will be retried at " + escrow.nextAttemptAt() + " (attempt "
                    + (escrow.attempts() + 1) + ")", Map.of("Attempts", escrow.attempts()));
        } else if (previous != null) {
            entry = LogRecords.withNote(entry, "EscrowExpired", "failed for more than 28 days; retries stop until the user changes"
                    + " or the job restarts", Map.of("FirstFailure", previous.firstFailedAt().toString()));
        }
        Journal inFlight = job.jobs().journal(job.app(), USER, imported.user().id()).orElse(null);
        // committed here, not handed over: the journal put back below must come after this commit removes it
        job.jobs().commit(new ObjectCommit(job.app(), USER, imported.user().id(), link, false, escrow, null, null, List.of(entry)));
        if (inFlight != null && uncertain(error)) {
            // The request may have reached the target: keep the journal so the retry matches before it creates.
            job.jobs().begin(inFlight);
        }
        return ObjectResult.logged(entry);
    }

    /**
     * No answer came back, so the target may or may not have applied the request; or deciding failed before anything
     * was sent, and a journal entry left by an earlier, interrupted attempt must stay for the same reason.
     */
    private static boolean uncertain(TargetError error) {
        return error.httpStatus() == 0 && !"Interrupted".equals(error.code());
    }

    private void begin(User user, Action action, String cycleId, boolean journaled) {
        if (!journaled) {
            // its own commit, not the writer's: one user at a time (incremental cycles, event mode) would wait
            // for the outcomes queued ahead of it, and on PostgreSQL the workers' commits run side by side
            job.jobs().begin(journal(user.id(), action, cycleId));
        }
    }

    Journal journal(String userId, Action action, String cycleId) {
        return new Journal(job.app(), USER, userId, action.toString(), cycleId, job.clock().instant());
    }

    private Link newLink(User user, String targetId, String cycleId) {
        return new Link(job.app(), USER, user.id(), targetId, user.displayName(), job.clock().instant(), cycleId);
    }

    private LogEntry entry(Decision decision, User user, String cycleId, String changeId, String targetId, Instant started) {
        Instant now = job.clock().instant();
        LogEntry.Identity target = targetId == null ? null : new LogEntry.Identity(targetId, user.displayName(), null, "User");
        return LogEntries.of(decision, user, cycleId, changeId, target, Duration.between(started, now).toMillis(), now);
    }

    /** A user hard-deleted from the directory, known only by its link. */
    static User departed(String id, String displayName) {
        return new User(id, null, null, null, displayName, null, null, null, null, null, null, null, null, null, null, null,
                false, Deletion.HARD, null, Map.of());
    }
}
