package io.provisor.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.provisor.sandbox.SandboxClient.filter;
import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox SCIM app over real HTTP: what a target Entra provisions into must do. */
class SandboxScimServerTest {

    static final String TOKEN = "sandbox-unit-token";
    static SandboxScimServer server;
    static SandboxClient client;

    @BeforeAll
    static void start() {
        server = new SandboxScimServer(0, TOKEN, new SandboxOAuthClient("client", "client-secret", Duration.ofMinutes(1))).start();
        client = new SandboxClient(server.baseUrl(), TOKEN);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void clear() {
        server.clear();
    }

    @Test
    void a_request_without_the_bearer_token_is_401() {
        assertThat(new SandboxClient(server.baseUrl(), null).get("/Users").status()).isEqualTo(401);
        assertThat(new SandboxClient(server.baseUrl(), "wrong").get("/Users").status()).isEqualTo(401);
    }

    @Test
    void paths_outside_the_base_path_are_404() {
        String root = "http://127.0.0.1:" + server.port();
        assertThat(new SandboxClient(java.net.URI.create(root + "/scim"), TOKEN).get("/Users").status()).isEqualTo(404);
        assertThat(client.get("/extra/Users").status()).isEqualTo(404);
    }

    @Test
    void the_discovery_endpoints_answer() {
        assertThat(client.get("/ServiceProviderConfig").body().path("filter").path("supported").asBoolean()).isTrue();
        assertThat(client.get("/Schemas").body().path("totalResults").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(client.get("/ResourceTypes").body().toString()).contains("\"/Users\"", "\"/Groups\"");
    }

    @Test
    void a_user_name_taken_in_another_case_is_a_409_uniqueness() {
        client.createUser("Alice@Contoso.com");
        SandboxClient.Reply reply = client.post("/Users",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"alice@contoso.com\"}");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body().path("scimType").asText()).isEqualTo("uniqueness");
        assertThat(server.userCount()).isEqualTo(1);
    }

    @Test
    void a_group_display_name_is_unique() {
        String group = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Sales\"}";
        assertThat(client.post("/Groups", group).status()).isEqualTo(201);
        assertThat(client.post("/Groups", group).status()).isEqualTo(409);
    }

    @Test
    void equality_filters_match_values_with_quotes_backslashes_and_non_ascii_exactly() {
        String odd = "O\"Brien\\Zoë";
        String id = client.createUser(odd);
        client.createUser("O\"Brien");
        JsonNode found = client.get("/Users?" + filter("userName eq \"o\\\"brien\\\\zoË\"")).body();
        assertThat(found.path("totalResults").asInt()).isEqualTo(1);
        assertThat(found.path("Resources").get(0).path("id").asText()).isEqualTo(id);
    }

    @Test
    void external_id_is_compared_with_case_and_user_name_without() {
        client.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"a\",\"externalId\":\"X1\"}");
        assertThat(client.get("/Users?" + filter("externalId eq \"x1\"")).body().path("totalResults").asInt()).isZero();
        assertThat(client.get("/Users?" + filter("externalId eq \"X1\"")).body().path("totalResults").asInt()).isEqualTo(1);
        assertThat(client.get("/Users?" + filter("userName eq \"A\"")).body().path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void a_work_email_filter_ignores_other_types() {
        client.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"a\","
                + "\"emails\":[{\"type\":\"home\",\"value\":\"a@x.com\"}]}");
        assertThat(client.get("/Users?" + filter("emails[type eq \"work\" and value eq \"a@x.com\"]")).body()
                .path("totalResults").asInt()).isZero();
        assertThat(client.get("/Users?" + filter("emails[type eq \"home\" and value eq \"A@x.com\"]")).body()
                .path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void other_filters_sorting_and_paging_work_over_all_users() {
        for (String name : List.of("carol", "alice", "bob", "dave")) {
            client.createUser(name);
        }
        JsonNode page = client.get("/Users?" + filter("userName sw \"b\" or userName sw \"c\" or userName sw \"d\"")
                + "&sortBy=userName&sortOrder=descending&startIndex=2&count=2").body();
        assertThat(page.path("totalResults").asInt()).isEqualTo(3);
        assertThat(page.path("Resources").findValuesAsText("userName")).containsExactly("carol", "bob");
    }

    @Test
    void excluded_members_are_left_out_of_group_reads() {
        String user = client.createUser("member");
        String group = client.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Sales\",\"members\":[{\"value\":\"" + user + "\"}]}").body().get("id").asText();
        assertThat(client.get("/Groups/" + group).body().has("members")).isTrue();
        assertThat(client.get("/Groups/" + group + "?excludedAttributes=members").body().has("members")).isFalse();
        JsonNode listed = client.get("/Groups?excludedAttributes=members&" + filter("displayName eq \"sales\"")).body();
        assertThat(listed.path("Resources").get(0).has("members")).isFalse();
    }

    @Test
    void an_update_keeps_created_and_moves_last_modified() throws InterruptedException {
        String id = client.createUser("a");
        JsonNode before = client.get("/Users/" + id).body().path("meta");
        Thread.sleep(5);
        client.patch("/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}");
        JsonNode after = client.get("/Users/" + id).body();
        assertThat(after.path("active").asBoolean(true)).isFalse();
        assertThat(after.path("meta").path("created")).isEqualTo(before.path("created"));
        assertThat(after.path("meta").path("lastModified").asText()).isNotEqualTo(before.path("lastModified").asText());
        assertThat(after.path("meta").path("location").asText()).isEqualTo(server.baseUrl() + "/Users/" + id);
    }

    @Test
    void concurrent_member_additions_lose_none() throws Exception {
        String group = client.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Busy\"}").body().get("id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> patches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String member = "{\"value\":\"user-" + i + "\"}";
            patches.add(pool.submit(() -> client.patch("/Groups/" + group, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + member + "]}]}").status()));
        }
        for (Future<Integer> patch : patches) {
            assertThat(patch.get()).isEqualTo(200);
        }
        pool.shutdown();
        assertThat(client.get("/Groups/" + group).body().path("members").size()).isEqualTo(40);
    }
}
