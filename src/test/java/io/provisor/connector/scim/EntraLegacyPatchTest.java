package io.provisor.connector.scim;

import io.provisor.connector.ObjectKind;
import io.provisor.model.AttributeChange;
import io.provisor.scimtarget.SandboxTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.provisor.connector.scim.ScimConnectorTest.read;
import static io.provisor.connector.scim.ScimConnectorTest.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entra's legacy PATCH shapes ({@code "op":"Replace"}, {@code "value":"False"}, {@code Remove} of members with a
 * value list) against the sandbox, whose SDK accepts them as apps written for Entra do. SCIMMY rejects string
 * booleans, so this is not a protocol test for every target.
 */
class EntraLegacyPatchTest {

    static final SandboxTarget TARGET = SandboxTarget.get();
    RecordingProxy proxy;
    ScimConnector connector;

    @BeforeEach
    void connect() {
        TARGET.reset();
        proxy = new RecordingProxy(TARGET.baseUrl());
        connector = new ScimConnector(ScimSettings.bearer(proxy.baseUrl(), "T").withCompatibility(Compatibility.ENTRA_LEGACY)
                .withMemberBatchSize(2), name -> Optional.of(TARGET.token()));
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void a_disable_sends_replace_with_the_string_false() {
        String id = (String) connector.create(ObjectKind.USER, user("legacy@contoso.com")).get("id");
        connector.update(ObjectKind.USER, id, List.of(new AttributeChange("active", true, false)));
        assertThat(proxy.requests("PATCH").get(0).body())
                .isEqualTo("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}");
        assertThat(connector.get(ObjectKind.USER, id)).get().extracting(u -> u.get("active")).isEqualTo(false);
    }

    @Test
    void attributes_are_added_replaced_and_removed_with_capitalised_operations() {
        Map<String, Object> attributes = user("legacy2@contoso.com");
        attributes.put("title", "Clerk");
        attributes.put("name.familyName", "Old");
        String id = (String) connector.create(ObjectKind.USER, attributes).get("id");
        connector.update(ObjectKind.USER, id, List.of(
                new AttributeChange("name.familyName", "Old", "New"),
                new AttributeChange(ScimConnectorTest.WORK_EMAIL, null, "legacy2@contoso.com"),
                new AttributeChange("title", "Clerk", null)));
        assertThat(proxy.requests("PATCH").get(0).body()).contains("\"op\":\"Replace\"", "\"op\":\"Add\"", "\"op\":\"Remove\"",
                "\"path\":\"emails[type eq \\\"work\\\"].value\"");
        Map<String, Object> stored = connector.get(ObjectKind.USER, id).orElseThrow();
        assertThat(read(stored, "name.familyName")).isEqualTo("New");
        assertThat(read(stored, ScimConnectorTest.WORK_EMAIL)).isEqualTo("legacy2@contoso.com");
        assertThat(stored).doesNotContainKey("title");
    }

    @Test
    void members_are_removed_with_a_value_list() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            users.add((String) connector.create(ObjectKind.USER, user("m" + i + "@contoso.com")).get("id"));
        }
        String group = (String) connector.create(ObjectKind.GROUP, Map.of("displayName", "Legacy")).get("id");
        connector.addMembers(group, users);
        connector.removeMembers(group, users);
        List<RecordingProxy.Request> patches = proxy.requests("PATCH");
        assertThat(patches).hasSize(4);
        assertThat(patches.get(2).body()).isEqualTo("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + users.get(0)
                + "\"},{\"value\":\"" + users.get(1) + "\"}]}]}");
        assertThat(TARGET.groups().get(0).getOrDefault("members", List.of())).asList().isEmpty();
    }
}
