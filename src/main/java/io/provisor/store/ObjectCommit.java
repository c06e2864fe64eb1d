package io.provisor.store;

import io.provisor.model.LogEntry;
import io.provisor.store.JobRows.Escrow;
import io.provisor.store.JobRows.Link;
import io.provisor.store.JobRows.Staged;
import java.util.List;
import java.util.Set;

/**
 * Everything that records the outcome of processing one object, committed in one transaction with
 * its log records, so a crash leaves either all of it or none (and the write journal says which).
 *
 * @param link         the link to keep (created, matched or refreshed), or null
 * @param unlink       remove the link (the target object was deleted)
 * @param escrow       the failure to retry later, or null; when null the object's escrow is cleared
 * @param staged       a disable or delete held by the deletion threshold, or null; when null any staged row is cleared
 * @param groupMembers for groups: the source ids now members of the target group, or null when unchanged
 * @param facts        the facts of the logged decision, kept for replay, or null
 */
public record ObjectCommit(String app, String objectType, String sourceId, Link link, boolean unlink, Escrow escrow,
                           Staged staged, Set<String> groupMembers, List<LogEntry> logs, RevisionStore.Facts facts) {

    public ObjectCommit {
        logs = List.copyOf(logs);
        groupMembers = groupMembers == null ? null : Set.copyOf(groupMembers);
    }

    /** An outcome without decision facts to keep. */
    public ObjectCommit(String app, String objectType, String sourceId, Link link, boolean unlink, Escrow escrow, Staged staged,
                        Set<String> groupMembers, List<LogEntry> logs) {
        this(app, objectType, sourceId, link, unlink, escrow, staged, groupMembers, logs, null);
    }

    /** The same outcome, keeping the facts its decision was made from (for replay). */
    public ObjectCommit withFacts(RevisionStore.Facts decisionFacts) {
        return new ObjectCommit(app, objectType, sourceId, link, unlink, escrow, staged, groupMembers, logs, decisionFacts);
    }
}
