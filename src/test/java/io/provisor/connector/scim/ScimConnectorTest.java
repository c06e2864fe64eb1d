package io.provisor.connector.scim;

import io.provisor.connector.ConnectorException;
import io.provisor.connector.ObjectKind;
import io.provisor.connector.TargetError;
import io.provisor.model.AttributeChange;
import io.provisor.model.TargetPath;
import io.provisor.scimtarget.ScimTarget;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The connector against real SCIM servers: what it sends must be what they accept and answer as expected. */
class ScimConnectorTest {

    static final String TARGETS = "io.provisor.scimtarget.ScimTargets#all";
    static final String WORK_EMAIL = "emails[type eq \"work\"].value";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";

    static ScimConnector connector(ScimTarget target) {
        return connector(target, target.baseUrl(), target.token());
    }

    static ScimConnector connector(ScimTarget target, URI baseUrl, String token) {
        target.reset();
        return new ScimConnector(ScimSettings.bearer(baseUrl, "SCIM_TOKEN"),
                name -> name.equals("SCIM_TOKEN") ? Optional.of(token) : Optional.empty());
    }

    static Map<String, Object> user(String userName) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("userName", userName);
        user.put("active", true);
        return user;
    }

    static Map<String, Object> only(ScimTarget target, String id) {
        return target.users().stream().filter(u -> id.equals(u.get("id"))).findFirst().orElseThrow();
    }

    static Object read(Map<String, Object> resource, String path) {
        return TargetPath.parse(path).read(resource);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void test_connection_passes_against_a_working_target(ScimTarget target) {
        connector(target).testConnection();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void a_value_with_quotes_backslashes_and_non_ascii_is_matched_exactly(ScimTarget target) {
        assumeFiltersAcceptEscapedQuotes(target);
        ScimConnector connector = connector(target);
        String odd = "O\"Brien\\Zoë ü+1@contoso.com";
        String id = (String) connector.create(ObjectKind.USER, user(odd)).get("id");
        connector.create(ObjectKind.USER, user("O\"Brien"));
        List<Map<String, Object>> found = connector.find(ObjectKind.USER, "userName", odd);
        assertThat(found).extracting(u -> u.get("id")).containsExactly(id);
        assertThat(found.get(0).get("userName")).isEqualTo(odd);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void a_user_is_matched_by_work_email_and_by_external_id(ScimTarget target) {
        assumeFiltersAcceptEscapedQuotes(target);
        ScimConnector connector = connector(target);
        Map<String, Object> attributes = user("match@contoso.com");
        attributes.put(WORK_EMAIL, "match.work@contoso.com");
        attributes.put("externalId", "ext-\"1\"");
        String id = (String) connector.create(ObjectKind.USER, attributes).get("id");
        connector.create(ObjectKind.USER, user("other@contoso.com"));
        assertThat(connector.find(ObjectKind.USER, WORK_EMAIL, "match.work@contoso.com")).extracting(u -> u.get("id")).containsExactly(id);
        assertThat(connector.find(ObjectKind.USER, "externalId", "ext-\"1\"")).extracting(u -> u.get("id")).containsExactly(id);
        assertThat(connector.find(ObjectKind.USER, "userName", "nobody@contoso.com")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void a_user_created_from_target_paths_reads_back_with_nested_multi_valued_and_extension_values(ScimTarget target) {
        ScimConnector connector = connector(target);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("userName", "ada@contoso.com");
        attributes.put("active", true);
        attributes.put("displayName", "Ada Lovelace");
        attributes.put("name.givenName", "Ada");
        attributes.put("name.familyName", "Lovelace");
        attributes.put(WORK_EMAIL, "ada@contoso.com");
        attributes.put("title", "Engineer");
        attributes.put("externalId", "5f1c4a52");
        attributes.put("nickName", "ada");
        attributes.put("addresses[type eq \"work\"].locality", "London");
        attributes.put("addresses[type eq \"work\"].country", "GB");
        attributes.put("preferredLanguage", "en-GB");
        attributes.put(ENTERPRISE + "employeeNumber", "1815");
        attributes.put(ENTERPRISE + "department", "Analytical Engines");
        attributes.put("roles[primary eq \"True\"].value", "sales-rep");
        attributes.put("profileUrl", null);
        Map<String, Object> created = connector.create(ObjectKind.USER, attributes);

        Map<String, Object> stored = only(target, (String) created.get("id"));
        attributes.forEach((path, value) -> assertThat(read(stored, path)).as(path).isEqualTo(value));
        assertThat(stored).doesNotContainKey("profileUrl");
        assertThat(read(stored, "emails[type eq \"work\"].primary")).isEqualTo(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void an_update_changes_adds_and_removes_only_the_given_attributes(ScimTarget target) {
        ScimConnector connector = connector(target);
        Map<String, Object> attributes = user("grace@contoso.com");
        attributes.put("name.givenName", "Grace");
        attributes.put("name.familyName", "Murray");
        attributes.put("title", "Officer");
        attributes.put(WORK_EMAIL, "grace.murray@contoso.com");
        attributes.put(ENTERPRISE + "employeeNumber", "1906");
        String id = (String) connector.create(ObjectKind.USER, attributes).get("id");

        connector.update(ObjectKind.USER, id, List.of(
                new AttributeChange("name.familyName", "Murray", "Hopper"),
                new AttributeChange(WORK_EMAIL, "grace.murray@contoso.com", "grace.hopper@contoso.com"),
                new AttributeChange("nickName", null, "amazing grace"),
                new AttributeChange("title", "Officer", null),
                new AttributeChange(ENTERPRISE + "employeeNumber", "1906", "1992")));

        Map<String, Object> stored = only(target, id);
        assertThat(read(stored, "name.familyName")).isEqualTo("Hopper");
        assertThat(read(stored, "name.givenName")).isEqualTo("Grace");
        assertThat(read(stored, WORK_EMAIL)).isEqualTo("grace.hopper@contoso.com");
        assertThat(read(stored, "nickName")).isEqualTo("amazing grace");
        assertThat(stored).doesNotContainKey("title");
        assertThat(read(stored, ENTERPRISE + "employeeNumber")).isEqualTo("1992");
        assertThat(read(stored, "active")).isEqualTo(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void a_work_email_is_added_where_the_target_had_none_and_removed_again(ScimTarget target) {
        ScimConnector connector = connector(target);
        String id = (String) connector.create(ObjectKind.USER, user("noemail@contoso.com")).get("id");
        connector.update(ObjectKind.USER, id, List.of(new AttributeChange(WORK_EMAIL, null, "new@contoso.com")));
        assertThat(read(only(target, id), WORK_EMAIL)).isEqualTo("new@contoso.com");
        connector.update(ObjectKind.USER, id, List.of(new AttributeChange(WORK_EMAIL, "new@contoso.com", null)));
        assertThat(read(only(target, id), WORK_EMAIL)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void a_disable_sets_active_to_false(ScimTarget target) {
        ScimConnector connector = connector(target);
        String id = (String) connector.create(ObjectKind.USER, user("leaver@contoso.com")).get("id");
        connector.update(ObjectKind.USER, id, List.of(new AttributeChange("active", true, false)));
        assertThat(only(target, id).get("active")).isEqualTo(false);
        assertThat(connector.get(ObjectKind.USER, id)).get().extracting(u -> u.get("active")).isEqualTo(false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void a_deleted_user_is_gone_and_deleting_it_again_is_done(ScimTarget target) {
        ScimConnector connector = connector(target);
        String id = (String) connector.create(ObjectKind.USER, user("gone@contoso.com")).get("id");
        assertThat(connector.get(ObjectKind.USER, id)).isPresent();
        connector.delete(ObjectKind.USER, id);
        assertThat(connector.get(ObjectKind.USER, id)).isEmpty();
        connector.delete(ObjectKind.USER, id);
        assertThat(target.users()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void a_duplicate_user_name_is_an_entry_conflict(ScimTarget target) {
        ScimConnector connector = connector(target);
        connector.create(ObjectKind.USER, user("twice@contoso.com"));
        TargetError error = catchThrowableOfType(ConnectorException.class,
                () -> connector.create(ObjectKind.USER, user("twice@contoso.com"))).error();
        assertThat(error.code()).isEqualTo("EntryConflict");
        assertThat(error.httpStatus()).isEqualTo(409);
        assertThat(error.retryable()).isFalse();
        assertThat(error.connectionLevel()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void a_group_is_created_found_and_read_without_members(ScimTarget target) {
        assumeFiltersAcceptEscapedQuotes(target);
        ScimConnector connector = connector(target);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("displayName", "Sales \"EMEA\"");
        attributes.put("externalId", "g-1");
        attributes.put("members", List.of(Map.of("value", "ignored")));
        String id = (String) connector.create(ObjectKind.GROUP, attributes).get("id");
        assertThat(connector.find(ObjectKind.GROUP, "displayName", "Sales \"EMEA\"")).extracting(g -> g.get("id")).containsExactly(id);
        assertThat(connector.get(ObjectKind.GROUP, id)).get().satisfies(g -> assertThat(g).doesNotContainKey("members"));
        assertThat(target.groups()).singleElement().satisfies(g -> assertThat((List<?>) g.getOrDefault("members", List.of())).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void members_are_added_and_removed_in_batches(ScimTarget target) {
        ScimConnector direct = connector(target);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add((String) direct.create(ObjectKind.USER, user("member" + i + "@contoso.com")).get("id"));
        }
        String group = (String) direct.create(ObjectKind.GROUP, Map.of("displayName", "Batched")).get("id");
        try (RecordingProxy proxy = new RecordingProxy(target.baseUrl())) {
            ScimConnector connector = new ScimConnector(ScimSettings.bearer(proxy.baseUrl(), "SCIM_TOKEN").withMemberBatchSize(2),
                    name -> Optional.of(target.token()));
            connector.addMembers(group, users);
            assertThat(proxy.requests("PATCH")).hasSize(3);
            assertThat(members(target)).containsExactlyInAnyOrderElementsOf(users);

            connector.removeMembers(group, users.subList(0, 3));
            assertThat(proxy.requests("PATCH")).hasSize(5);
            assertThat(proxy.requests("PATCH").get(3).body()).contains("\"op\":\"remove\"", "\"path\":\"members[value eq \\\"" + users.get(0));
            assertThat(members(target)).containsExactlyInAnyOrderElementsOf(users.subList(3, 5));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> members(ScimTarget target) {
        List<Map<String, Object>> members = (List<Map<String, Object>>) target.groups().get(0).getOrDefault("members", List.of());
        return members.stream().map(m -> m.get("value")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void a_wrong_token_is_unauthorized_for_the_whole_app(ScimTarget target) {
        ScimConnector connector = connector(target, target.baseUrl(), "not-the-token");
        TargetError error = catchThrowableOfType(ConnectorException.class, connector::testConnection).error();
        assertThat(error.code()).isEqualTo("Unauthorized");
        assertThat(error.httpStatus()).isEqualTo(401);
        assertThat(error.connectionLevel()).isTrue();
        assertThat(catchThrowableOfType(ConnectorException.class, () -> connector.get(ObjectKind.USER, "x")).error().connectionLevel()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TARGETS)
    void a_wrong_base_path_fails_test_connection_saying_so(ScimTarget target) {
        URI wrong = URI.create(target.baseUrl().toString().replaceFirst("/[^/]+$", "/wrong"));
        TargetError error = catchThrowableOfType(ConnectorException.class,
                () -> connector(target, wrong, target.token()).testConnection()).error();
        assertThat(error.connectionLevel()).isTrue();
        assertThat(error.httpStatus()).isEqualTo(404);
        assertThat(error.reason()).contains("/wrong/Users answered 404", "base URL is probably wrong");
    }

    /** SCIMMY 1.3.5 answers 400 invalidFilter to an escaped quote in a filter value, which RFC 7644 allows. */
    private static void assumeFiltersAcceptEscapedQuotes(ScimTarget target) {
        org.junit.jupiter.api.Assumptions.assumeFalse("scimmy".equals(target.name()),
                "SCIMMY rejects escaped quotes in filter values (a known quirk of the server, not of the request)");
    }
}
