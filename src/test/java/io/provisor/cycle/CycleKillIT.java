package io.provisor.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.provisor.codec.Json;
import io.provisor.scimtarget.ScimTarget;
import io.provisor.store.Database;
import io.provisor.store.StoreSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills provisor (a child JVM, kill -9) in the middle of an initial cycle of a few thousand users, runs
 * it again to the end, and checks the target holds exactly one account per user and the logs exactly
 * one successful record per user.
 */
class CycleKillIT {

    static final int USERS = 2000;
    /**
     * One client for every poll of the account count. A client per poll (every 20 ms) left hundreds of idle connections
     * open on the sandbox; past its limit of idle connections the JDK's server closes each connection that goes idle,
     * the child's too, and a create sent on one of those as it closed failed (WebExceptionProtocolError) and stayed
     * escrowed past the resumed cycle.
     */
    private static final HttpClient POLLER = HttpClient.newHttpClient();
    static final String ROLE = "5f1c4a52-0c5e-4a4f-9a51-3cf8f8a6a7d1";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.provisor.scimtarget.ScimTargets#all")
    void a_killed_initial_cycle_resumes_without_duplicate_accounts_or_log_records(ScimTarget target) throws Exception {
        target.reset();
        Set<String> userNames = IntStream.range(0, USERS).mapToObj(i -> "kill.user" + i + "@contoso.com")
                .collect(Collectors.toCollection(TreeSet::new));
        try (CycleFixture fixture = new CycleFixture(dir, target, settings -> settings.put("deletionThreshold", 0))) {
            var report = new io.provisor.directory.SnapshotImporter(fixture.directory, 500)
                    .importJson(new java.io.ByteArrayInputStream(snapshot().toString().getBytes()));
            assertThat(report.complete()).as(report.toString()).isTrue();
        }

        Process first = cycle(target);
        long seen = awaitAccounts(first, target, USERS / 4);
        first.destroyForcibly();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).as("killed in the middle, not after the end").isLessThan(USERS);
        assertThat(count(target)).as("the kill left work undone").isLessThan(USERS);

        Process second = cycle(target);
        String output = new String(second.getInputStream().readAllBytes());
        assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(output).isZero();

        List<Map<String, Object>> accounts = target.users();
        Map<String, Integer> perName = new HashMap<>();
        accounts.forEach(a -> perName.merge(String.valueOf(a.get("userName")).toLowerCase(), 1, Integer::sum));
        Set<String> withoutAccount = new TreeSet<>(userNames);
        withoutAccount.removeAll(perName.keySet());
        Set<String> unexpected = new TreeSet<>(perName.keySet());
        unexpected.removeAll(userNames);
        assertThat(withoutAccount).as("users without an account (%d accounts in all); their log records: %s\n%s", accounts.size(),
                logRecordsOf(withoutAccount), childErrors()).isEmpty();
        assertThat(unexpected).as("accounts of no test user").isEmpty();
        assertThat(perName.values()).allMatch(n -> n == 1);
        Map<String, Integer> records = successfulRecordsPerUser();
        Set<String> userIds = IntStream.range(0, USERS).mapToObj(i -> "k" + i).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(userIds);
        missing.removeAll(records.keySet());
        assertThat(missing).as("users without a successful log record").isEmpty();
        assertThat(records.keySet()).as("successful records of objects that are no test user").isSubsetOf(userIds);
        assertThat(records.entrySet().stream().filter(e -> e.getValue() != 1).toList()).as("users with more than one").isEmpty();
    }

    /** Each user's log records (cycle, action, status, code), for a failure's message: the first 20 users. */
    private Map<String, List<String>> logRecordsOf(Set<String> userNames) throws Exception {
        Map<String, List<String>> records = new java.util.TreeMap<>();
        try (Database database = Database.open(StoreSettings.embedded(dir.resolve("data")))) {
            database.transaction(connection -> {
                for (String name : userNames.stream().limit(20).toList()) {
                    String id = "k" + name.substring("kill.user".length(), name.indexOf('@'));
                    try (var statement = connection.prepareStatement("SELECT cycle_id, action, status, code FROM provisioning_log"
                            + " WHERE app = 'contoso-crm' AND source_id = ? ORDER BY activity_at")) {
                        statement.setString(1, id);
                        try (ResultSet rs = statement.executeQuery()) {
                            List<String> rows = new ArrayList<>();
                            while (rs.next()) {
                                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                            }
                            records.put(id, rows);
                        }
                    }
                }
                return null;
            });
        }
        return records;
    }

    /** The ends of the children's error output, for a failure's message. */
    private String childErrors() throws Exception {
        StringBuilder errors = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".err")).sorted().toList()) {
                String text = Files.readString(file);
                errors.append("-- ").append(file.getFileName()).append(":\n").append(text.substring(Math.max(0, text.length() - 4000)));
            }
        }
        return errors.toString();
    }

    private Map<String, Integer> successfulRecordsPerUser() throws Exception {
        Map<String, Integer> records = new HashMap<>();
        try (Database database = Database.open(StoreSettings.embedded(dir.resolve("data")))) {
            database.transaction(connection -> {
                try (var statement = connection.prepareStatement("SELECT source_id, COUNT(*) FROM provisioning_log"
                        + " WHERE app = 'contoso-crm' AND status = 'success' AND source_id LIKE 'k%' AND source_id <> 'kill-group' GROUP BY source_id");
                     ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        records.put(rs.getString(1), rs.getInt(2));
                    }
                }
                return null;
            });
        }
        return records;
    }

    private Process cycle(ScimTarget target) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target/provisor.jar").toString(), "cycle", "--rules", dir.resolve("rules").toString(), "--data",
                dir.resolve("data").toString(), "--app", CycleFixture.APP));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("cycle-" + System.nanoTime() + ".err").toFile());
        builder.environment().put(CycleFixture.TOKEN_VARIABLE, target.token());
        return builder.start();
    }

    /** Waits until the target holds at least {@code wanted} accounts, polling its count while the child runs. */
    private static long awaitAccounts(Process child, ScimTarget target, int wanted) throws Exception {
        long count = 0;
        for (int attempt = 0; attempt < 6000 && count < wanted && child.isAlive(); attempt++) {
            count = count(target);
            if (count < wanted) {
                child.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
        return count;
    }

    private static long count(ScimTarget target) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/Users?count=1&startIndex=1"))
                .header("Authorization", "Bearer " + target.token()).build();
        JsonNode page = Json.mapper().readTree(POLLER.send(request, HttpResponse.BodyHandlers.ofString()).body());
        return page.path("totalResults").asLong();
    }

    private static ObjectNode snapshot() {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode users = root.putArray("users");
        ArrayNode members = Json.mapper().createArrayNode();
        for (int i = 0; i < USERS; i++) {
            users.addObject().put("id", "k" + i).put("userPrincipalName", "kill.user" + i + "@contoso.com")
                    .put("mail", "kill.user" + i + "@contoso.com").put("givenName", "Kill").put("surname", "User " + i)
                    .put("displayName", "Kill User " + i).put("department", "Sales").put("country", "US")
                    .put("jobTitle", "Account Executive").put("accountEnabled", true).put("employeeType", "Employee");
            members.addObject().put("@odata.type", "#microsoft.graph.user").put("id", "k" + i);
        }
        ObjectNode group = root.putArray("groups").addObject().put("id", "kill-group").put("displayName", "Kill Test")
                .put("securityEnabled", true);
        group.set("members", members);
        root.putArray("appRoleAssignments").addObject().put("id", "kill-assignment").put("principalId", "kill-group")
                .put("principalType", "Group").put("appRoleId", ROLE).put("resourceDisplayName", CycleFixture.APP);
        return root;
    }
}
