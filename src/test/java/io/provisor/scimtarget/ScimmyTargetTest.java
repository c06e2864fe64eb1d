package io.provisor.scimtarget;

import static io.provisor.scimtarget.RawScim.entraGroup;
import static io.provisor.scimtarget.RawScim.entraUser;
import static io.provisor.scimtarget.RawScim.filter;
import static io.provisor.scimtarget.RawScim.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SCIMMY answers Entra's requests (entra-spec §7.2) with the quirks test-targets.md lists. */
class ScimmyTargetTest {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private final ScimmyTarget target = ScimmyTarget.instance();
    private RawScim scim;

    @BeforeEach
    void empty_target() {
        target.reset();
        scim = new RawScim(target);
    }

    @Test
    void names_the_node_process_that_serves_it() {
        assertThat(target.process()).hasValueSatisfying(server -> {
            assertThat(server.isAlive()).isTrue();
            assertThat(server.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(server.info().command()).hasValueSatisfying(command -> assertThat(command).contains("node"));
        });
    }

    @Test
    void creates_a_user_with_the_enterprise_extension_and_reads_it_back() throws Exception {
        HttpResponse<String> created = scim.post("/Users", entraUser("ann@contoso.com", "ann"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/scim+json"));
        JsonNode user = json(created);
        assertThat(user.path("id").asText()).isNotBlank();
        assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("701");
        assertThat(target.users()).singleElement().satisfies(read -> {
            assertThat(read).containsEntry("id", user.path("id").asText()).containsEntry("userName", "ann@contoso.com");
            assertThat(read).containsEntry("active", true);
        });
    }

    @Test
    void keeps_quotes_backslashes_and_non_ascii_in_userName() throws Exception {
        String userName = "O'Brien \"the\" \\ Zoë 李@contoso.com";

        assertThat(scim.post("/Users", entraUser(userName, "ob")).statusCode()).isEqualTo(201);

        assertThat(target.users()).extracting(user -> user.get("userName")).containsExactly(userName);
    }

    @Test
    void a_duplicate_userName_is_a_409_uniqueness_error_whatever_its_case() throws Exception {
        scim.post("/Users", entraUser("bob@contoso.com", "bob"));

        for (String duplicate : List.of("bob@contoso.com", "Bob@Contoso.com")) {
            HttpResponse<String> conflict = scim.post("/Users", entraUser(duplicate, "bob-2"));
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(json(conflict).path("scimType").asText()).isEqualTo("uniqueness");
        }
        assertThat(target.users()).hasSize(1);
    }

    @Test
    void userName_eq_is_case_sensitive() throws Exception {
        scim.post("/Users", entraUser("Carol@Contoso.com", "carol"));

        assertThat(json(scim.get("/Users?" + filter("userName eq \"Carol@Contoso.com\""))).path("totalResults").asInt()).isEqualTo(1);
        assertThat(json(scim.get("/Users?" + filter("userName eq \"carol@contoso.com\""))).path("totalResults").asInt()).isZero();
    }

    @Test
    void a_filter_value_with_an_escaped_quote_is_rejected_with_400() throws Exception {
        HttpResponse<String> response = scim.get("/Users?" + filter("userName eq \"a\\\"b\""));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("scimType").asText()).isEqualTo("invalidFilter");
    }

    @Test
    void finds_users_by_externalId_and_by_id() throws Exception {
        String id = json(scim.post("/Users", entraUser("dan@contoso.com", "dan-ext"))).path("id").asText();
        scim.post("/Users", entraUser("eve@contoso.com", "eve-ext"));

        assertThat(json(scim.get("/Users?" + filter("externalId eq \"dan-ext\""))).path("Resources").findValuesAsText("id")).containsExactly(id);
        assertThat(json(scim.get("/Users?" + filter("id eq \"" + id + "\""))).path("Resources").findValuesAsText("userName"))
                .containsExactly("dan@contoso.com");
        assertThat(scim.get("/Users/" + id).statusCode()).isEqualTo(200);
        assertThat(scim.get("/Users/no-such-id").statusCode()).isEqualTo(404);
    }

    @Test
    void a_filter_on_a_multi_valued_attribute_skips_users_that_lack_it() throws Exception {
        scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"no-email\"}");
        scim.post("/Users", entraUser("fay@contoso.com", "fay"));

        JsonNode found = json(scim.get("/Users?" + filter("emails[type eq \"work\"].value eq \"fay@contoso.com\"")));

        assertThat(found.path("Resources").findValuesAsText("userName")).containsExactly("fay@contoso.com");
    }

    @Test
    void group_queries_honour_excludedAttributes_members() throws Exception {
        String userId = json(scim.post("/Users", entraUser("gil@contoso.com", "gil"))).path("id").asText();
        String groupId = json(scim.post("/Groups", entraGroup("Sales"))).path("id").asText();
        scim.patch("/Groups/" + groupId, """
                {"schemas":["%s"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"%s"}]}]}
                """.formatted(PATCH_OP, userId));

        JsonNode withMembers = json(scim.get("/Groups/" + groupId));
        JsonNode query = json(scim.get("/Groups?excludedAttributes=members&" + filter("displayName eq \"Sales\"")));
        JsonNode byId = json(scim.get("/Groups/" + groupId + "?excludedAttributes=members"));

        assertThat(withMembers.path("members").findValuesAsText("value")).containsExactly(userId);
        assertThat(query.path("totalResults").asInt()).isEqualTo(1);
        assertThat(query.path("Resources").get(0).has("members")).isFalse();
        assertThat(byId.has("members")).isFalse();
        assertThat(target.groups()).singleElement().satisfies(group -> assertThat(group.get("members")).isEqualTo(List.of(Map.of("value", userId))));
    }

    @Test
    void a_duplicate_group_displayName_is_a_409_uniqueness_error() throws Exception {
        scim.post("/Groups", entraGroup("Support"));

        HttpResponse<String> conflict = scim.post("/Groups", entraGroup("support"));

        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(json(conflict).path("scimType").asText()).isEqualTo("uniqueness");
    }

    @Test
    void lists_users_in_pages() throws Exception {
        IntStream.rangeClosed(1, 45).forEach(i -> create("user" + i + "@contoso.com"));

        List<Integer> sizes = IntStream.of(1, 21, 41).mapToObj(start -> page("startIndex=" + start + "&count=20").path("Resources").size()).toList();
        JsonNode second = page("startIndex=2&count=20");

        assertThat(sizes).containsExactly(20, 20, 5);
        assertThat(page("count=20").path("totalResults").asInt()).isEqualTo(45);
        assertThat(second.path("Resources").findValuesAsText("userName")).hasSize(20).first().isEqualTo("user2@contoso.com");
        assertThat(second.path("startIndex").asInt()).isEqualTo(2);
        assertThat(target.users()).extracting(user -> user.get("id")).doesNotHaveDuplicates().hasSize(45);
    }

    @Test
    void reset_removes_every_user_and_group() throws Exception {
        scim.post("/Users", entraUser("hal@contoso.com", "hal"));
        scim.post("/Groups", entraGroup("Ops"));

        target.reset();

        assertThat(target.users()).isEmpty();
        assertThat(target.groups()).isEmpty();
        assertThat(scim.post("/Users", entraUser("hal@contoso.com", "hal")).statusCode()).isEqualTo(201);
    }

    @Test
    void an_email_filter_finds_the_current_address_in_either_filter_form_and_not_a_replaced_one() throws Exception {
        String id = json(scim.post("/Users", entraUser("gus@contoso.com", "gus"))).path("id").asText();
        scim.patch("/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"replace","path":"emails[type eq \\"work\\"].value","value":"Gus@Fabrikam.com"}]}
                """.formatted(PATCH_OP));

        assertThat(page(filter("emails[type eq \"work\" and value eq \"Gus@Fabrikam.com\"]")).path("Resources")
                .findValuesAsText("id")).as("the and form").containsExactly(id);
        assertThat(page(filter("emails[type eq \"work\"].value eq \"Gus@Fabrikam.com\"")).path("Resources")
                .findValuesAsText("id")).containsExactly(id);
        assertThat(page(filter("emails[type eq \"work\" and value eq \"gus@contoso.com\"]")).path("totalResults").asInt())
                .as("the replaced address").isZero();
        assertThat(page(filter("emails[type eq \"home\" and value eq \"gus@fabrikam.com\"]")).path("totalResults").asInt())
                .as("same value, other type").isZero();
    }

    @Test
    void patch_with_lowercase_ops_and_a_boolean_active_is_accepted() throws Exception {
        String id = json(scim.post("/Users", entraUser("ida@contoso.com", "ida"))).path("id").asText();

        HttpResponse<String> patched = scim.patch("/Users/" + id, """
                {"schemas":["%s"],"Operations":[
                  {"op":"replace","path":"active","value":false},
                  {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"ida@fabrikam.com"},
                  {"op":"replace","value":{"displayName":"Ida","name.givenName":"Ida","%s:employeeNumber":"702"}}]}
                """.formatted(PATCH_OP, ENTERPRISE));

        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode user = json(scim.get("/Users/" + id));
        assertThat(user.path("active").asBoolean(true)).isFalse();
        assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo("ida@fabrikam.com");
        assertThat(user.path("displayName").asText()).isEqualTo("Ida");
        assertThat(user.path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("702");
    }

    @Test
    void patch_with_entras_string_False_is_rejected_with_400() throws Exception {
        String id = json(scim.post("/Users", entraUser("jo@contoso.com", "jo"))).path("id").asText();

        HttpResponse<String> rejected = scim.patch("/Users/" + id, """
                {"schemas":["%s"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}
                """.formatted(PATCH_OP));

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(json(rejected).path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(json(scim.get("/Users/" + id)).path("active").asBoolean()).isTrue();
    }

    @Test
    void deleting_a_user_answers_204_and_drops_its_memberships() throws Exception {
        String userId = json(scim.post("/Users", entraUser("kim@contoso.com", "kim"))).path("id").asText();
        String groupId = json(scim.post("/Groups", entraGroup("Finance"))).path("id").asText();
        scim.patch("/Groups/" + groupId, """
                {"schemas":["%s"],"Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}
                """.formatted(PATCH_OP, userId));

        assertThat(scim.send("DELETE", "/Users/" + userId, null).statusCode()).isEqualTo(204);

        assertThat(scim.get("/Users/" + userId).statusCode()).isEqualTo(404);
        assertThat(target.groups()).singleElement().satisfies(group -> assertThat(group).doesNotContainKey("members"));
    }

    @Test
    void requests_without_the_bearer_token_are_401() throws Exception {
        assertThat(scim.withToken(null).get("/Users").statusCode()).isEqualTo(401);
        assertThat(scim.withToken("wrong").get("/Users").statusCode()).isEqualTo(401);
    }

    private void create(String userName) {
        try {
            assertThat(scim.post("/Users", entraUser(userName, userName)).statusCode()).isEqualTo(201);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode page(String query) {
        try {
            return json(scim.get("/Users?" + query));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
