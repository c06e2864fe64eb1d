package io.provisor.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.Json;
import io.provisor.engine.PolicyEngine;
import io.provisor.model.Action;
import io.provisor.model.Change;
import io.provisor.rules.facts.TargetState;
import io.provisor.scimtarget.ScimTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples' tenant provisioned into each real SCIM server: an initial cycle, then directory changes
 * and an incremental cycle, checked by reading the target through its own SCIM API.
 */
class CycleEndToEndTest {

    private static final String JASON = "d071824a-a829-4191-bd26-e93290c2541b";   // in scope; moves out of Sales
    private static final String PRIYA = "cd87ba27-e883-4fb6-9d00-4fb88e01f65f";   // in scope; hard-deleted
    private static final String DANIEL = "b6545e6c-acaf-468d-b829-fe2a0baac9e7";  // in scope; renamed
    private static final String NEW_HIRES = "bbcb61bb-0a88-4505-aeda-bb010662b841"; // nested in an assigned group only
    private static final String NEW_HIRE = "f5aa0767-bf5d-4860-8ecb-2ab08f021fa0";
    private static final String SALES_US_GROUP = "63dd3b11-2b46-4124-8ef0-7024cc057f79";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.provisor.scimtarget.ScimTargets#all")
    void provisions_the_samples_tenant_then_follows_directory_changes(ScimTarget target) throws Exception {
        target.reset();
        try (CycleFixture fixture = new CycleFixture(dir, target, settings -> { })) {
            fixture.importSamples();
            Set<String> expected = inScope(fixture);
            assertThat(expected).hasSizeGreaterThan(8).contains(upn(fixture, JASON), upn(fixture, PRIYA), upn(fixture, DANIEL))
                    .doesNotContain(upn(fixture, NEW_HIRE));

            CycleSummary initial = fixture.cycle();

            assertThat(initial.completed()).as(initial.toString()).isTrue();
            assertThat(initial.quarantine()).isNull();
            Map<String, Map<String, Object>> accounts = byUserName(target.users());
            assertThat(accounts.keySet()).isEqualTo(expected);
            accounts.values().forEach(account -> assertThat(account.get("active")).isIn(true, "true", "True"));
            assertThat(accounts.get(upn(fixture, DANIEL)).get("displayName")).isEqualTo("Daniel Brooks");
            assertGroupsMatchDirectory(fixture, target);
            assertThat(groupNames(target)).doesNotContain("Sales US - New Hires");

            // Directory changes: out of scope, hard delete, rename, a new assigned user.
            String priyaUpn = upn(fixture, PRIYA);
            fixture.directory.putUser(JASON, with(fixture.directory.user(JASON), "department", "Finance"));
            fixture.directory.delete(Change.ObjectType.USER, PRIYA, true);
            fixture.directory.putUser(DANIEL, with(fixture.directory.user(DANIEL), "surname", "Brookes"));
            fixture.directory.putUser("new-user-1", Json.mapper().readTree("""
                    {"id": "new-user-1", "userPrincipalName": "nina.novak@contoso.com", "mail": "nina.novak@contoso.com",
                     "givenName": "Nina", "surname": "Novák", "displayName": "Nina Novák", "department": "Sales",
                     "country": "US", "jobTitle": "Account Executive", "accountEnabled": true, "employeeType": "Employee"}"""));
            fixture.directory.assign(CycleFixture.APP, Json.mapper().readTree("""
                    {"principalId": "new-user-1", "principalType": "User", "appRoleId": "5f1c4a52-0c5e-4a4f-9a51-3cf8f8a6a7d1"}"""));

            CycleSummary incremental = fixture.cycle();

            assertThat(incremental.completed()).as(incremental.toString()).isTrue();
            assertThat(incremental.counts().get("processed")).isIn(4L, 5L, 6L, 7L, 8L);
            accounts = byUserName(target.users());
            assertThat(accounts.get(upn(fixture, JASON)).get("active")).isIn(false, "false", "False");
            assertThat(accounts).doesNotContainKey(priyaUpn);
            assertThat(accounts.get(upn(fixture, DANIEL)).get("displayName")).isEqualTo("Daniel Brookes");
            assertThat(accounts.get("nina.novak@contoso.com").get("active")).isIn(true, "true", "True");
            assertThat(accounts).doesNotContainKey(upn(fixture, NEW_HIRE));
            assertGroupsMatchDirectory(fixture, target);

            CycleSummary quiet = fixture.cycle();
            assertThat(quiet.counts().get("processed")).isEqualTo(0L);
        }
    }

    /** The users the rules would create an account for, by user principal name. */
    private static Set<String> inScope(CycleFixture fixture) throws Exception {
        JsonNode tenant = Json.mapper().readTree(Files.readString(Path.of("samples/tenant.json")));
        var rules = fixture.library.active(CycleFixture.APP).orElseThrow();
        Set<String> expected = new TreeSet<>();
        for (JsonNode user : tenant.path("users")) {
            var input = fixture.directory.facts(CycleFixture.APP, user.path("id").asText(), TargetState.unknown());
            if (new PolicyEngine().evaluate(rules, input).action() == Action.CREATE) {
                expected.add(user.path("userPrincipalName").asText().toLowerCase());
            }
        }
        return expected;
    }

    /** Every provisioned group holds exactly its direct members that have accounts. */
    private static void assertGroupsMatchDirectory(CycleFixture fixture, ScimTarget target) {
        Map<String, String> userNameById = new HashMap<>();
        target.users().forEach(user -> userNameById.put(String.valueOf(user.get("id")), lower(user.get("userName"))));
        Set<String> accountNames = new TreeSet<>(userNameById.values());
        List<Map<String, Object>> groups = target.groups();
        assertThat(groups).isNotEmpty();
        Map<String, Map<String, Object>> byName = groups.stream().collect(Collectors.toMap(g -> String.valueOf(g.get("displayName")), g -> g));
        Map<String, Object> salesUs = byName.get("CRM Users - Sales US");
        assertThat(salesUs).as("assigned group provisioned").isNotNull();
        Set<String> members = memberNames(salesUs, userNameById);
        Set<String> wanted = fixture.directory.store().members(SALES_US_GROUP).stream()
                .filter(m -> "user".equals(m.type())).map(m -> upnOrNull(fixture, m.id())).filter(accountNames::contains)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(members).isEqualTo(wanted);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> memberNames(Map<String, Object> group, Map<String, String> userNameById) {
        Object members = group.get("members");
        Set<String> names = new TreeSet<>();
        if (members instanceof List<?> list) {
            for (Object member : list) {
                String id = String.valueOf(((Map<String, Object>) member).get("value"));
                if (userNameById.containsKey(id)) {
                    names.add(userNameById.get(id));
                }
            }
        }
        return names;
    }

    private static Set<String> groupNames(ScimTarget target) {
        return target.groups().stream().map(g -> String.valueOf(g.get("displayName"))).collect(Collectors.toSet());
    }

    private static Map<String, Map<String, Object>> byUserName(List<Map<String, Object>> users) {
        Map<String, Map<String, Object>> map = new HashMap<>();
        users.forEach(user -> map.put(lower(user.get("userName")), user));
        assertThat(map).as("one account per user name").hasSameSizeAs(users);
        return map;
    }

    private static String upn(CycleFixture fixture, String id) {
        return fixture.directory.user(id).path("userPrincipalName").asText().toLowerCase();
    }

    private static String upnOrNull(CycleFixture fixture, String id) {
        return fixture.directory.store().user(id).map(row -> row.userPrincipalName().toLowerCase()).orElse(null);
    }

    private static String lower(Object value) {
        return String.valueOf(value).toLowerCase();
    }

    private static JsonNode with(JsonNode user, String field, String value) {
        var copy = (com.fasterxml.jackson.databind.node.ObjectNode) user.deepCopy();
        copy.put(field, value);
        copy.remove("deletedDateTime");
        return copy;
    }
}
