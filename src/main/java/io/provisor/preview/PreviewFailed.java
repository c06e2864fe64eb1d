package io.provisor.preview;

import java.util.List;

/**
 * A rule set threw while a preview decided a batch of users (a rule's condition failed on some user's data). The preview
 * is not stored and the changed users it had written are removed: a preview that left a batch out would under-count the
 * disables and deletes an activation is gated on.
 */
public final class PreviewFailed extends RuntimeException {

    PreviewFailed(String which, List<String> userIds, RuntimeException cause) {
        super("the " + which + " rules failed while deciding the users from " + userIds.get(0) + " to " + userIds.get(userIds.size() - 1)
                + ": " + firstLine(cause), cause);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }
}
