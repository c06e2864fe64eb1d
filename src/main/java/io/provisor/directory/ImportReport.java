package io.provisor.directory;

import java.util.List;

/**
 * What an import did.
 *
 * @param records  records read (users, groups and assignments)
 * @param changes  change-feed entries written: 0 when the snapshot was already in the directory
 * @param complete false when a bad record stopped the import; batches before it are committed
 * @param problems the bad records, each with its position
 */
public record ImportReport(long users, long groups, long assignments, long records, long changes, boolean complete,
                           List<Problem> problems) {

    /**
     * A bad record.
     *
     * @param record  1-based number of the record in the file
     * @param line    line in the file where the record starts
     * @param pointer JSON pointer of the bad value, from the root of the file (JSON) or of the line (NDJSON)
     */
    public record Problem(long record, long line, String pointer, String message) {
    }

    public ImportReport {
        problems = List.copyOf(problems);
    }
}
