package io.provisor.revisions;

import io.provisor.store.PreviewStore.Preview;

/** The proposed rules would disable or delete more users than the app's threshold: activation needs this preview's id. */
public final class PreviewRequired extends RuntimeException {

    private final transient Preview preview;

    public PreviewRequired(Preview preview, int threshold, String why) {
        super(why + ": the proposed rules would disable or delete " + preview.disablesDeletes() + " users (threshold " + threshold
                + "); review preview " + preview.id() + " and activate with ?preview=" + preview.id());
        this.preview = preview;
    }

    public Preview preview() {
        return preview;
    }
}
