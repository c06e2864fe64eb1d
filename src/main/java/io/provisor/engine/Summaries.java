package io.provisor.engine;

import io.provisor.model.Action;
import io.provisor.model.Reason;
import java.util.List;

/** One plain sentence per decision. */
final class Summaries {

    private Summaries() {
    }

    static String of(Action action, String user, String app, List<Reason> reasons, boolean failure,
                     boolean decidedByRule) {
        String why = reasons.isEmpty() ? "no rule decided" : reasons.get(0).message();
        String last = reasons.isEmpty() ? why : reasons.get(reasons.size() - 1).message();
        return switch (action) {
            case CREATE -> "`" + user + "` will get a new account in `" + app + "`.";
            case UPDATE -> "`" + user + "`'s account in `" + app + "` will be updated: " + last + ".";
            case DISABLE -> "`" + user + "`'s account in `" + app + "` will be disabled: " + why + ".";
            case DELETE -> "`" + user + "`'s account in `" + app + "` will be deleted: " + why + ".";
            case NONE -> "Nothing to do for `" + user + "` in `" + app + "`: " + last + ".";
            case SKIP -> (failure ? "`" + user + "` cannot be provisioned to `" + app + "`: "
                    : "`" + user + "` is skipped for `" + app + "`: ") + (decidedByRule ? last : why)
                    + (!decidedByRule && reasons.size() > 1 ? " (and " + (reasons.size() - 1) + " more reason(s))." : ".");
        };
    }
}
