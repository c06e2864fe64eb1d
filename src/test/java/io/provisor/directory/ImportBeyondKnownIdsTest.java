package io.provisor.directory;

import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.TestDatabases;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import remembers only so many ids that are no UUIDs; past that, what a batch writes must still be
 * known to the records after it in the same batch (an assignment to a group just written was refused).
 */
class ImportBeyondKnownIdsTest {

    @TempDir
    Path dir;

    @Test
    void groups_members_and_assignments_resolve_within_a_batch_once_the_import_remembers_no_more_ids() throws Exception {
        List<String> users = IntStream.range(0, 40).mapToObj(i -> "{\"id\":\"user-" + i + "\",\"displayName\":\"User " + i
                + "\",\"userPrincipalName\":\"user" + i + "@contoso.com\",\"accountEnabled\":true}").toList();
        List<String> groups = new ArrayList<>();
        List<String> assignments = new ArrayList<>();
        for (int g = 0; g < 4; g++) {
            String members = String.join(",", IntStream.range(g * 10, g * 10 + 10)
                    .mapToObj(i -> "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"user-" + i + "\"}").toList());
            groups.add("{\"id\":\"group-" + g + "\",\"displayName\":\"Group " + g + "\",\"securityEnabled\":true,\"members\":[" + members + "]}");
            assignments.add("{\"id\":\"a-" + g + "\",\"appRoleId\":\"00000000-0000-0000-0000-000000000000\",\"principalId\":\"group-" + g
                    + "\",\"principalType\":\"Group\",\"resourceDisplayName\":\"contoso-crm\"}");
        }
        String snapshot = "{\"users\":[" + String.join(",", users) + "],\"groups\":[" + String.join(",", groups)
                + "],\"appRoleAssignments\":[" + String.join(",", assignments) + "]}";

        try (Database database = Database.open(TestDatabases.h2(dir))) {
            Directory directory = new Directory(new DirectoryStore(database));
            // one batch for everything, and room for only 5 ids besides UUIDs
            ImportReport report = new SnapshotImporter(directory, 500, records -> { }, 5)
                    .importJson(new ByteArrayInputStream(snapshot.getBytes(StandardCharsets.UTF_8)));

            assertThat(report.problems()).isEmpty();
            DirectoryStore store = directory.store();
            for (int g = 0; g < 4; g++) {
                assertThat(store.members("group-" + g)).as("group-" + g).hasSize(10);
            }
            assertThat(store.assignments("contoso-crm", List.of("group-0", "group-1", "group-2", "group-3")))
                    .extracting(AssignmentRow::principalId).containsExactlyInAnyOrder("group-0", "group-1", "group-2", "group-3");
        }
    }

    @Test
    void a_bulk_load_that_can_no_longer_tell_new_ids_builds_the_user_key_before_it_looks_ids_up() throws Exception {
        String snapshot = IntStream.range(0, 40).mapToObj(i -> "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"user-" + i
                + "\",\"displayName\":\"User " + i + "\"}\n").reduce("", String::concat);
        try (Database database = Database.open(TestDatabases.h2(dir))) {
            // whether the user key existed at each report of committed records
            List<String> reports = new ArrayList<>();
            ImportReport report = new SnapshotImporter(new Directory(new DirectoryStore(database)), 10, records -> reports.add(records + " "
                    + database.transaction(c -> TestDatabases.indexes(c, "directory_user")).size()), 5)
                    .importNdjson(new ByteArrayInputStream(snapshot.getBytes(StandardCharsets.UTF_8)));

            assertThat(report.complete()).isTrue();
            // the first batch overflows the memory of 5 ids: the second one is written with the key built
            assertThat(reports).startsWith("10 0", "20 1").endsWith("40 1");
        }
    }
}
