package io.provisor.cycle;

import io.provisor.connector.ConnectorException;
import io.provisor.connector.ObjectKind;
import io.provisor.connector.TargetError;
import io.provisor.model.AttributeChange;
import io.provisor.model.Ids;
import io.provisor.model.LogEntry;
import io.provisor.model.LogEntry.LoggedAction;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import io.provisor.rules.facts.App;
import io.provisor.store.JobRows.Escrow;
import io.provisor.store.JobRows.Journal;
import io.provisor.store.JobRows.Link;
import io.provisor.store.JobRows.Staged;
import io.provisor.store.ObjectCommit;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One group into the target, after the cycle's users: matched by display name, created without members,
 * then its members added and removed in batches so they are exactly the group's direct members that
 * have an account in the target. Nested groups are not provisioned (as in Entra); a group that leaves
 * scope, or the directory, is deleted in the target.
 */
final class GroupSync {

    static final String GROUP = "Group";

    private final JobContext job;

    GroupSync(JobContext job) {
        this.job = job;
    }

    ObjectResult process(String groupId, String cycleId, String changeId, DeletionMode deletions, CycleProgress progress) {
        Runnable unlock = job.locks().acquire(job.app(), GROUP, groupId);
        try {
            return locked(groupId, cycleId, changeId, deletions, progress, null);
        } finally {
            unlock.run();
        }
    }

    /**
     * One attempt at the group. {@code lostBefore}: the error of an attempt that got no answer (see {@link Retries#after}),
     * after which this one is the only retry; it starts over, so a create the target did apply is matched by name.
     */
    private ObjectResult locked(String groupId, String cycleId, String changeId, DeletionMode deletions, CycleProgress progress,
                                TargetError lostBefore) {
        Instant started = job.clock().instant();
        App app = job.rules().app();
        Link link = job.jobs().link(job.app(), GROUP, groupId).orElse(null);
        GroupRow row = job.directory().store().group(groupId).orElse(null);
        String name = row != null ? row.displayName() : link != null ? link.displayName() : groupId;
        String scope = scope(app, groupId, row);
        List<Step> steps = new ArrayList<>();
        steps.add(step(StepType.IMPORT, "EntryImport", row == null ? StepStatus.SKIPPED : StepStatus.SUCCESS,
                row == null ? "group `" + groupId + "` is no longer in the directory" : "imported group `" + name + "`", Map.of()));
        steps.add(step(StepType.SCOPING, "EntrySynchronizationScoping", scope == null ? StepStatus.SUCCESS : StepStatus.SKIPPED,
                scope == null ? "group `" + name + "` is in scope" : scope, Map.of()));
        if (lostBefore != null) {
            steps.add(LogRecords.retried(lostBefore, "group"));
        }
        try {
            if (scope != null) {
                return outOfScope(groupId, name, link, scope, steps, cycleId, changeId, deletions, started);
            }
            return inScope(groupId, name, link, steps, cycleId, changeId, started, progress);
        } catch (ConnectorException e) {
            if (e.error().connectionLevel()) {
                throw new TargetUnavailable(e.error());
            }
            if (e.error().unanswered() && lostBefore == null) {
                return locked(groupId, cycleId, changeId, deletions, progress, e.error());
            }
            return fail(groupId, name, link, steps, e.error(), cycleId, changeId, started);
        }
    }

    /** Null when the group is in scope, else why it is not. */
    private String scope(App app, String groupId, GroupRow row) {
        if (!app.groups().enabled()) {
            return "the app does not provision groups";
        }
        if (row == null) {
            return "the group was permanently deleted from the directory";
        }
        if (row.deletedAt() != null) {
            return "the group is deleted (in the recycle bin)";
        }
        if (row.displayName() == null || row.displayName().isBlank()) {
            return "the group has no display name to match it by";
        }
        if (!app.isSyncAll() && job.directory().store().assignments(job.app(), List.of(groupId)).isEmpty()) {
            return "the group is not assigned to the app (nested groups are not provisioned)";
        }
        return null;
    }

    private ObjectResult inScope(String groupId, String name, Link link, List<Step> steps, String cycleId, String changeId,
                                 Instant started, CycleProgress progress) {
        String targetId;
        LoggedAction action = LoggedAction.NONE;
        List<AttributeChange> modified = new ArrayList<>();
        if (link != null) {
            Map<String, Object> current = job.target().get(ObjectKind.GROUP, link.targetId()).orElse(null);
            if (current == null) {
                TargetError error = new TargetError("InvalidAnchor", 404, false, null, "the linked group `" + link.targetId()
                        + "` no longer exists in the target", "restart the job with resetScope Full to match the group again", false);
                return fail(groupId, name, link, steps, error, cycleId, changeId, started);
            }
            targetId = link.targetId();
            steps.add(step(StepType.MATCHING, "EntryLinked", StepStatus.SUCCESS, "linked to target group `" + targetId + "`", Map.of()));
            if (!name.equals(current.get("displayName"))) {
                begin(groupId, "update", cycleId);
                AttributeChange rename = new AttributeChange("displayName", current.get("displayName"), name);
                job.target().update(ObjectKind.GROUP, targetId, List.of(rename));
                modified.add(rename);
                action = LoggedAction.UPDATE;
            }
        } else {
            List<Map<String, Object>> found = job.target().find(ObjectKind.GROUP, "displayName", name);
            steps.add(step(StepType.MATCHING, "EntryMatching", found.size() > 1 ? StepStatus.FAILURE : StepStatus.SUCCESS,
                    "looked for displayName `" + name + "` in the target: " + found.size() + " group(s) found", Map.of()));
            if (found.size() > 1) {
                TargetError error = new TargetError("DuplicateTargetEntries", 0, false, null, found.size()
                        + " groups in the target have displayName `" + name + "`", "remove or rename the duplicate groups in the target", false);
                return fail(groupId, name, null, steps, error, cycleId, changeId, started);
            }
            if (found.isEmpty()) {
                if (!job.rules().app().targetActions().create()) {
                    steps.add(step(StepType.PROCESSING, "EntrySynchronizationSkip", StepStatus.SKIPPED,
                            "the app does not allow creating objects", Map.of()));
                    return commit(groupId, name, null, null, LoggedAction.SKIP, StepStatus.SKIPPED, "CreateNotEnabled", steps,
                            modified, null, cycleId, changeId, started);
                }
                begin(groupId, "create", cycleId);
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("displayName", name);
                attributes.put("externalId", groupId);
                targetId = String.valueOf(job.target().create(ObjectKind.GROUP, attributes).get("id"));
                modified.add(new AttributeChange("displayName", null, name));
                action = LoggedAction.CREATE;
            } else {
                targetId = String.valueOf(found.get(0).get("id"));
                action = LoggedAction.UPDATE;
            }
        }
        Link keep = link != null ? link : new Link(job.app(), GROUP, groupId, targetId, name, job.clock().instant(), cycleId);
        Set<String> members;
        try {
            members = syncMembers(groupId, targetId, modified);
        } catch (ConnectorException e) {
            if (e.error().connectionLevel()) {
                throw new TargetUnavailable(e.error());
            }
            progress.referenceFailed();
            // The group itself is done; its members are retried from escrow.
            return fail(groupId, name, keep, steps, e.error(), cycleId, changeId, started);
        }
        if (action == LoggedAction.NONE && !modified.isEmpty()) {
            action = LoggedAction.UPDATE;
        }
        String code = switch (action) {
            case CREATE -> "NoMatchFound";
            case UPDATE -> link == null ? "MatchedExistingAccount" : "AttributesChanged";
            default -> "RedundantExport";
        };
        steps.add(step(StepType.PROCESSING, processingName(action), action == LoggedAction.NONE ? StepStatus.SKIPPED : StepStatus.SUCCESS,
                describe(action, name, modified), Map.of("Action", action.toString())));
        return commit(groupId, name, keep, members, action, action == LoggedAction.NONE ? StepStatus.SKIPPED : StepStatus.SUCCESS, code,
                steps, modified, targetId, cycleId, changeId, started);
    }

    /** Makes the target group's members the group's direct members that have accounts; returns their source ids. */
    private Set<String> syncMembers(String groupId, String targetId, List<AttributeChange> modified) {
        List<String> direct = job.directory().store().members(groupId).stream().filter(m -> Member.USER.equals(m.type()))
                .map(Member::id).toList();
        Map<String, String> targetIds = new HashMap<>();
        job.jobs().links(job.app(), UserSync.USER, direct).forEach(l -> targetIds.put(l.sourceId(), l.targetId()));
        Set<String> wanted = new TreeSet<>(targetIds.keySet());
        Set<String> current = job.jobs().groupMembers(job.app(), groupId);
        List<String> add = new ArrayList<>();
        for (String member : wanted) {
            if (!current.contains(member)) {
                add.add(targetIds.get(member));
            }
        }
        List<String> goneIds = current.stream().filter(member -> !wanted.contains(member)).sorted().toList();
        List<String> remove = new ArrayList<>();
        job.jobs().links(job.app(), UserSync.USER, goneIds).forEach(l -> remove.add(l.targetId()));
        if (!add.isEmpty()) {
            job.target().addMembers(targetId, add);
            modified.add(new AttributeChange("members", null, "added " + add.size()));
        }
        if (!remove.isEmpty()) {
            job.target().removeMembers(targetId, remove);
            modified.add(new AttributeChange("members", null, "removed " + remove.size()));
        }
        return new LinkedHashSet<>(wanted);
    }

    private ObjectResult outOfScope(String groupId, String name, Link link, String why, List<Step> steps, String cycleId,
                                    String changeId, DeletionMode deletions, Instant started) {
        if (link == null) {
            steps.add(step(StepType.PROCESSING, "EntrySynchronizationSkip", StepStatus.SKIPPED, why, Map.of()));
            return commit(groupId, name, null, null, LoggedAction.SKIP, StepStatus.SKIPPED, "NotEffectivelyEntitled", steps, List.of(),
                    null, cycleId, changeId, started);
        }
        if (!job.rules().app().targetActions().delete()) {
            steps.add(step(StepType.PROCESSING, "EntrySynchronizationSkip", StepStatus.SKIPPED,
                    why + ", but the app does not allow deletes", Map.of()));
            return commit(groupId, name, link, null, LoggedAction.SKIP, StepStatus.SKIPPED, "DeleteNotEnabled", steps, List.of(),
                    link.targetId(), cycleId, changeId, started);
        }
        Staged staged = new Staged(job.app(), GROUP, groupId, "delete", name, "GroupOutOfScope", null,
                changeId != null ? "directory change " + changeId : why, cycleId, job.clock().instant());
        if (deletions.kind() == DeletionMode.Kind.HOLD && job.settings().deletionThreshold() > 0) {
            job.jobs().commit(new ObjectCommit(job.app(), GROUP, groupId, link, false, null, staged, null, List.of()));
            return ObjectResult.STAGED;
        }
        if (deletions.kind() == DeletionMode.Kind.LOG_HELD) {
            steps.add(step(StepType.PROCESSING, "EntryExportDelete", StepStatus.SKIPPED, why + ", so the target group would be deleted",
                    Map.of()));
            LogEntry held = LogRecords.staged(entry(groupId, name, link.targetId(), LoggedAction.DELETE, StepStatus.SUCCESS,
                    "GroupOutOfScope", steps, List.of(), cycleId, changeId, started, null), deletions.held(), deletions.threshold());
            job.jobs().commit(new ObjectCommit(job.app(), GROUP, groupId, link, false, null, staged, null, List.of(held)));
            return ObjectResult.logged(held);
        }
        begin(groupId, "delete", cycleId);
        job.target().delete(ObjectKind.GROUP, link.targetId());
        steps.add(step(StepType.PROCESSING, "EntryExportDelete", StepStatus.SUCCESS, why + ", so the target group was deleted", Map.of()));
        LogEntry entry = entry(groupId, name, link.targetId(), LoggedAction.DELETE, StepStatus.SUCCESS, "GroupOutOfScope", steps,
                List.of(), cycleId, changeId, started, null);
        job.jobs().commit(new ObjectCommit(job.app(), GROUP, groupId, null, true, null, null, null, List.of(entry)));
        return ObjectResult.logged(entry);
    }

    private ObjectResult fail(String groupId, String name, Link link, List<Step> steps, TargetError error, String cycleId,
                              String changeId, Instant started) {
        Instant now = job.clock().instant();
        Escrow previous = job.jobs().escrow(job.app(), GROUP, groupId).orElse(null);
        Escrow escrow = error.retryable() || !"InvalidAnchor".equals(error.code())
                ? Escrows.next(previous, job.app(), GROUP, groupId, error, job.settings().escrowBackoff(), now) : null;
        steps.add(step(StepType.PROCESSING, "EntryExport", StepStatus.FAILURE, "the target refused: " + error.reason(),
                Map.of("ErrorCode", error.code())));
        LogEntry entry = entry(groupId, name, link == null ? null : link.targetId(), LoggedAction.UPDATE, StepStatus.FAILURE,
                error.code(), steps, List.of(), cycleId, changeId, started,
                new LogEntry.ErrorInformation(error.code(), error.reason(), error.recommendedAction()));
        job.jobs().commit(new ObjectCommit(job.app(), GROUP, groupId, link, false, escrow, null, null, List.of(entry)));
        return ObjectResult.logged(entry);
    }

    private ObjectResult commit(String groupId, String name, Link link, Set<String> members, LoggedAction action, StepStatus status,
                                String code, List<Step> steps, List<AttributeChange> modified, String targetId, String cycleId,
                                String changeId, Instant started) {
        LogEntry entry = entry(groupId, name, targetId, action, status, code, steps, modified, cycleId, changeId, started, null);
        job.jobs().commit(new ObjectCommit(job.app(), GROUP, groupId, link, false, null, null, members, List.of(entry)));
        return ObjectResult.logged(entry);
    }

    private LogEntry entry(String groupId, String name, String targetId, LoggedAction action, StepStatus status, String code,
                           List<Step> steps, List<AttributeChange> modified, String cycleId, String changeId, Instant started,
                           LogEntry.ErrorInformation error) {
        Instant now = job.clock().instant();
        return new LogEntry(Ids.timeOrdered(now), now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), job.app(), cycleId,
                changeId, action, status, code, code, error, steps, modified, new LogEntry.Identity(groupId, name, null, "Group"),
                targetId == null ? null : new LogEntry.Identity(targetId, name, null, "Group"), job.rules().revision(),
                Duration.between(started, now).toMillis());
    }

    private void begin(String groupId, String action, String cycleId) {
        job.jobs().begin(new Journal(job.app(), GROUP, groupId, action, cycleId, job.clock().instant()));
    }

    private static Step step(StepType type, String name, StepStatus status, String description, Map<String, Object> details) {
        return new Step(type, name, status, description, details);
    }

    private static String processingName(LoggedAction action) {
        return switch (action) {
            case CREATE -> "EntryExportAdd";
            case UPDATE -> "EntryExportUpdate";
            case DELETE -> "EntryExportDelete";
            default -> "EntrySynchronizationSkip";
        };
    }

    private static String describe(LoggedAction action, String name, List<AttributeChange> modified) {
        String changes = modified.isEmpty() ? "" : ": " + String.join(", ", modified.stream()
                .map(change -> change.name() + " " + change.newValue()).toList());
        return switch (action) {
            case CREATE -> "created group `" + name + "`" + changes;
            case UPDATE -> "updated group `" + name + "`" + changes;
            default -> "group `" + name + "` already matches the directory";
        };
    }
}
