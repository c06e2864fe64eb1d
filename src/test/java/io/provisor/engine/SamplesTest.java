package io.provisor.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.Json;
import io.provisor.model.Decision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples of {@code samples/}: a small Contoso tenant in Microsoft Graph's shapes and one evaluate
 * request per case for the app {@code contoso-crm}. Each request must get its expected decision, and
 * must be cut from the tenant: the same user, groups and assignments, with the same values.
 */
class SamplesTest {

    static final Path SAMPLES = Path.of("samples");
    static final Path REQUESTS = SAMPLES.resolve("requests");
    static final Path TENANT = SAMPLES.resolve("tenant.json");
    static final String APP = "contoso-crm";

    private static final Pattern GUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String USER_TYPE = "#microsoft.graph.user";
    private static final String GROUP_TYPE = "#microsoft.graph.group";

    private static Map<String, JsonNode> users;
    private static Map<String, JsonNode> groups;
    private static Map<String, JsonNode> assignments;

    private final PolicyEngine engine = new PolicyEngine();

    @BeforeAll
    static void read_the_tenant() throws IOException {
        JsonNode tenant = Json.mapper().readTree(TENANT.toFile());
        users = byId(tenant.path("users"));
        groups = byId(tenant.path("groups"));
        assignments = byId(tenant.path("appRoleAssignments"));
    }

    @TestFactory
    Stream<DynamicTest> every_sample_request_gets_its_expected_decision() throws IOException {
        List<Path> files = requests();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
            Scenario sample = Scenario.load(file);
            JsonNode json = sample.json();
            assertThat(json.path("rules").asText()).as(file + ": rules").isEqualTo(APP);
            assertThat(json.path("description").asText()).as(file + ": description").isNotBlank();
            assertThat(json.path("source").asText()).as(file + ": source").isNotBlank();
            JsonNode expected = json.path("expected");
            assertThat(expected.has("action") && expected.has("code") && expected.has("entraCode")
                    && expected.has("reasons")).as(file + ": expects action, code, entraCode and reasons").isTrue();
            if (expected.path("action").asText().equals("skip")) {
                assertThat(expected.path("fixContains").asText()).as(file + ": a skip says how to fix it").isNotBlank();
            }
            Decision decision = engine.evaluate(sample.ruleSet(), sample.input());
            sample.verify(decision);
        }));
    }

    @TestFactory
    Stream<DynamicTest> every_sample_request_is_cut_from_the_tenant() throws IOException {
        return requests().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(),
                () -> checkAgainstTenant(file, Scenario.load(file).json().path("request"))));
    }

    @Test
    void the_tenant_is_a_consistent_directory() {
        assertThat(users).as("users").hasSizeGreaterThanOrEqualTo(45);
        Set<String> ids = new HashSet<>();
        for (Map<String, JsonNode> objects : List.of(users, groups)) {
            for (String id : objects.keySet()) {
                assertThat(id).as("directory object id").matches(GUID);
                assertThat(ids.add(id)).as("id %s is unique", id).isTrue();
            }
        }
        Set<String> departments = new HashSet<>();
        Set<String> countries = new HashSet<>();
        users.values().forEach(user -> {
            departments.add(user.path("department").asText(""));
            countries.add(user.path("country").asText(""));
        });
        assertThat(departments).contains("Sales", "Marketing", "Engineering", "Finance", "Support");
        assertThat(countries).contains("US", "DE", "GB", "FR", "JP");
        groups.values().forEach(group -> group.path("members").forEach(member -> {
            String id = member.path("id").asText();
            String type = member.path("@odata.type").asText();
            assertThat(type).as("member %s of group %s", id, group.path("id").asText()).isIn(USER_TYPE, GROUP_TYPE);
            assertThat(type.equals(USER_TYPE) ? users : groups)
                    .as("member %s of group %s exists in the tenant", id, group.path("id").asText()).containsKey(id);
        }));
        assignments.values().forEach(assignment -> {
            String principal = assignment.path("principalId").asText();
            String type = assignment.path("principalType").asText();
            assertThat(type).as("assignment %s", assignment.path("id").asText()).isIn("User", "Group");
            assertThat(type.equals("User") ? users : groups)
                    .as("principal of assignment %s exists", assignment.path("id").asText()).containsKey(principal);
            assertThat(assignment.path("resourceDisplayName").asText()).isEqualTo(APP);
            assertThat(assignment.path("appRoleId").asText()).matches(GUID);
        });
    }

    /** The request's user, groups and assignments are the tenant's objects, complete where it matters. */
    private static void checkAgainstTenant(Path file, JsonNode request) {
        JsonNode user = request.path("user");
        String userId = user.path("id").asText();
        List<JsonNode> requestGroups = list(request.path("groups"));
        List<JsonNode> requestAssignments = list(request.path("assignments"));

        if (user.path("deleted").asText().equals("hard")) {
            // Permanently deleted: Graph no longer returns the user, its memberships or its assignments.
            assertThat(users).as(file + ": a hard-deleted user is gone from the tenant").doesNotContainKey(userId);
            assertThat(groups.values()).as(file + ": no group still lists the hard-deleted user")
                    .noneMatch(group -> memberIds(group).contains(userId));
            assertThat(assignments.values()).as(file + ": no assignment names the hard-deleted user")
                    .noneMatch(assignment -> assignment.path("principalId").asText().equals(userId));
            assertThat(requestGroups).as(file + ": groups of a hard-deleted user").isEmpty();
            assertThat(requestAssignments).as(file + ": assignments of a hard-deleted user").isEmpty();
            return;
        }
        assertThat(users).as(file + ": user " + userId + " is in the tenant").containsKey(userId);
        assertThat(user).as(file + ": the user is the tenant's, attribute for attribute").isEqualTo(users.get(userId));

        Set<String> groupIds = new HashSet<>();
        for (JsonNode group : requestGroups) {
            String id = group.path("id").asText();
            assertThat(groups).as(file + ": group " + id + " is in the tenant").containsKey(id);
            assertThat(group).as(file + ": group " + id + " is the tenant's, members included").isEqualTo(groups.get(id));
            groupIds.add(id);
        }
        assertThat(groupIds).as(file + ": every group leading the user to an assignment is in the request")
                .containsAll(groupsThatMatter(userId));

        Set<String> principals = new HashSet<>(groupIds);
        principals.add(userId);
        Set<String> assignmentIds = new HashSet<>();
        for (JsonNode assignment : requestAssignments) {
            String id = assignment.path("id").asText();
            assertThat(assignments).as(file + ": assignment " + id + " is in the tenant").containsKey(id);
            assertThat(assignment).as(file + ": assignment " + id + " is the tenant's").isEqualTo(assignments.get(id));
            assertThat(principals).as(file + ": assignment " + id + " concerns the user or one of the request's groups")
                    .contains(assignment.path("principalId").asText());
            assignmentIds.add(id);
        }
        List<String> concerning = assignments.values().stream()
                .filter(assignment -> principals.contains(assignment.path("principalId").asText()))
                .map(assignment -> assignment.path("id").asText()).toList();
        assertThat(assignmentIds).as(file + ": every app assignment of the user and its groups is in the request")
                .containsAll(concerning);
    }

    /**
     * The groups the user belongs to, directly or through nesting, that are assigned to the app or
     * nested in an assigned group: what the entitlement rules need to see.
     */
    private static Set<String> groupsThatMatter(String userId) {
        Map<String, Set<String>> containers = new LinkedHashMap<>();
        groups.values().forEach(group -> memberIds(group).forEach(member ->
                containers.computeIfAbsent(member, m -> new HashSet<>()).add(group.path("id").asText())));
        Set<String> assigned = new HashSet<>();
        assignments.values().stream().filter(a -> a.path("principalType").asText().equals("Group"))
                .forEach(a -> assigned.add(a.path("principalId").asText()));

        Set<String> matter = new HashSet<>();
        Deque<List<String>> paths = new ArrayDeque<>();
        containers.getOrDefault(userId, Set.of()).forEach(group -> paths.add(List.of(group)));
        while (!paths.isEmpty()) {
            List<String> path = paths.poll();
            String last = path.get(path.size() - 1);
            if (assigned.contains(last)) {
                matter.addAll(path);
            }
            for (String outer : containers.getOrDefault(last, Set.of())) {
                if (!path.contains(outer)) {
                    List<String> longer = new ArrayList<>(path);
                    longer.add(outer);
                    paths.add(longer);
                }
            }
        }
        return matter;
    }

    private static Set<String> memberIds(JsonNode group) {
        Set<String> ids = new HashSet<>();
        group.path("members").forEach(member -> ids.add(member.path("id").asText()));
        return ids;
    }

    private static Map<String, JsonNode> byId(JsonNode objects) {
        assertThat(objects.isArray()).as("a list in " + TENANT).isTrue();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        objects.forEach(object -> assertThat(byId.put(object.path("id").asText(), object))
                .as("duplicate id %s in %s", object.path("id").asText(), TENANT).isNull());
        return byId;
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    private static List<Path> requests() throws IOException {
        List<Path> files = Scenario.all(REQUESTS);
        assertThat(files).as("sample requests in " + REQUESTS).isNotEmpty();
        return files;
    }
}
