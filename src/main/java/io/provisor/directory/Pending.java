package io.provisor.directory;

import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.UserRow;
import java.util.List;

/** A validated import record waiting to be written, with the place in the file it came from. */
sealed interface Pending {

    Position at();

    /** Where a record is: its 1-based number, the line it starts on, and its JSON pointer. */
    record Position(long record, long line, String pointer) {
    }

    /** A user; its row's {@code deletedAt} is the snapshot's {@code deletedDateTime}. */
    record User(Position at, UserRow row) implements Pending {
    }

    record Group(Position at, GroupRow row, List<String> members) implements Pending {
    }

    record Assignment(Position at, AssignmentRow row) implements Pending {
    }
}
