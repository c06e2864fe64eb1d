package io.provisor.cycle;

import io.provisor.model.LogEntry;

/**
 * What processing one object came to.
 *
 * @param entry  the log record written, or null when nothing was logged (nothing to do, or held for the deletion check)
 * @param staged a disable or delete was held for the cycle's deletion check
 */
record ObjectResult(LogEntry entry, boolean staged) {

    static final ObjectResult NOTHING = new ObjectResult(null, false);
    static final ObjectResult STAGED = new ObjectResult(null, true);

    static ObjectResult logged(LogEntry entry) {
        return new ObjectResult(entry, false);
    }
}
