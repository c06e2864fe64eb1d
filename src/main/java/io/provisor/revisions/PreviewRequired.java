package io.provisor.revisions;

import io.provisor.store.PreviewStore.Preview;

/**
 * The proposed rules would disable or delete more users than the app's threshold, or fail on users the active rules
 * decide: activation needs this preview's id.
 */
public final class PreviewRequired extends RuntimeException {

    private final transient Preview preview;
    private final long newFailures;

    public PreviewRequired(Preview preview, int threshold, long newFailures, String why) {
        super(why + ": the proposed rules would " + consequences(preview, threshold, newFailures) + "; review preview " + preview.id()
                + " and activate with ?preview=" + preview.id());
        this.preview = preview;
        this.newFailures = newFailures;
    }

    private static String consequences(Preview preview, int threshold, long newFailures) {
        String deletions = "disable or delete " + preview.disablesDeletes() + " users (threshold " + threshold + ")";
        if (newFailures == 0) {
            return deletions;
        }
        String failures = "fail on " + newFailures + " users, whose accounts every cycle would leave as they are and log as"
                + " RuleFailed or MappingFailed";
        return preview.disablesDeletes() > threshold ? deletions + " and " + failures : failures;
    }

    public Preview preview() {
        return preview;
    }

    /** Users the proposed rules or mappings fail on that the active ones do not. */
    public long newFailures() {
        return newFailures;
    }
}
