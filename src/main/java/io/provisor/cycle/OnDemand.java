package io.provisor.cycle;

import io.provisor.codec.BadInput;
import io.provisor.connector.ConnectorException;
import io.provisor.connector.TargetError;
import io.provisor.directory.Directory;
import io.provisor.directory.NotFound;
import io.provisor.model.Ids;
import io.provisor.model.LogEntry;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import io.provisor.store.JobStore;
import io.provisor.store.Rows.Member;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Provision on demand for one app: a user, or a group with up to five of its members, through the whole pipeline now,
 * each object's outcome committed as it finishes. The target's connection is tested first, as Entra does.
 */
final class OnDemand {

    /** Entra's limit for a group provisioned on demand. */
    static final int GROUP_MEMBERS = 5;

    private final JobContext context;
    private final Directory directory;
    private final JobStore jobs;
    private final Clock clock;

    OnDemand(JobContext context, Directory directory, JobStore jobs, Clock clock) {
        this.context = context;
        this.directory = directory;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** One user, deletions included (no threshold applies to one object); returns its log record. */
    LogEntry user(String userId) {
        if (directory.store().user(userId).isEmpty() && jobs.link(context.app(), UserSync.USER, userId).isEmpty()) {
            throw new NotFound("user", userId);
        }
        String cycleId = "on-demand-" + UUID.randomUUID();
        LogEntry failed = testConnection(cycleId, userId);
        if (failed != null) {
            return failed;
        }
        CycleProgress progress = new CycleProgress(cycleId, CycleKind.ON_DEMAND, clock);
        try {
            ObjectResult result = new UserSync(context, OutcomeWriter.immediate(jobs)).process(userId, cycleId, null, DeletionMode.SEND, progress);
            return result.entry();
        } catch (TargetUnavailable e) {
            return connectionFailure(cycleId, userId, e.error());
        }
    }

    /** A group and up to five of its members (the first five direct user members when none are named). */
    List<LogEntry> group(String groupId, List<String> memberIds) {
        if (directory.store().group(groupId).isEmpty()) {
            throw new NotFound("group", groupId);
        }
        List<String> direct = directory.store().members(groupId).stream().filter(m -> Member.USER.equals(m.type())).map(Member::id).toList();
        List<String> members = memberIds == null || memberIds.isEmpty() ? direct.stream().limit(GROUP_MEMBERS).toList() : memberIds;
        if (members.size() > GROUP_MEMBERS) {
            throw new BadInput("/members", "provision on demand takes at most " + GROUP_MEMBERS + " members of a group");
        }
        for (int i = 0; i < members.size(); i++) {
            if (!direct.contains(members.get(i))) {
                throw new BadInput("/members/" + i, "`" + members.get(i) + "` is not a direct user member of group `" + groupId + "`");
            }
        }
        String cycleId = "on-demand-" + UUID.randomUUID();
        LogEntry failed = testConnection(cycleId, groupId);
        if (failed != null) {
            return List.of(failed);
        }
        CycleProgress progress = new CycleProgress(cycleId, CycleKind.ON_DEMAND, clock);
        List<LogEntry> entries = new ArrayList<>();
        try {
            for (String member : members) {
                Optional.ofNullable(new UserSync(context, OutcomeWriter.immediate(jobs)).process(member, cycleId, null, DeletionMode.SEND, progress).entry())
                        .ifPresent(entries::add);
            }
            Optional.ofNullable(new GroupSync(context).process(groupId, cycleId, null, DeletionMode.SEND, progress).entry())
                    .ifPresent(entries::add);
        } catch (TargetUnavailable e) {
            entries.add(connectionFailure(cycleId, groupId, e.error()));
        }
        return entries;
    }

    private LogEntry testConnection(String cycleId, String objectId) {
        try {
            context.target().testConnection();
            return null;
        } catch (ConnectorException e) {
            return connectionFailure(cycleId, objectId, e.error());
        }
    }

    private LogEntry connectionFailure(String cycleId, String objectId, TargetError error) {
        Instant now = clock.instant();
        return new LogEntry(Ids.timeOrdered(now), now.truncatedTo(ChronoUnit.MILLIS), context.app(), cycleId,
                null, LogEntry.LoggedAction.SKIP, StepStatus.FAILURE, error.code(), error.code(),
                new LogEntry.ErrorInformation(error.code(), error.reason(), error.recommendedAction()),
                List.of(new Step(StepType.PROCESSING, "TestConnection", StepStatus.FAILURE, "test connection failed: " + error.reason(),
                        Map.of("ErrorCode", error.code()))), List.of(), new LogEntry.Identity(objectId, null, null, null), null,
                context.rules().revision(), 0);
    }
}
