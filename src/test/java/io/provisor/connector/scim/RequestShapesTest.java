package io.provisor.connector.scim;

import io.provisor.connector.ObjectKind;
import io.provisor.model.AttributeChange;
import io.provisor.model.TargetPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact filter, create and PATCH shapes, compared as JSON text. */
class RequestShapesTest {

    static final String PATCH = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[";

    @Test
    void a_filter_value_is_a_json_string() {
        assertThat(Filters.equality(TargetPath.parse("userName"), "a\"b\\c\u0001é"))
                .isEqualTo("userName eq \"a\\\"b\\\\c\\u0001é\"");
    }

    @Test
    void a_value_filter_path_becomes_one_rfc_value_filter() {
        assertThat(Filters.equality(TargetPath.parse("emails[type eq \"work\"].value"), "x@y"))
                .isEqualTo("emails[type eq \"work\" and value eq \"x@y\"]");
        assertThat(Filters.equality(TargetPath.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"), "7"))
                .isEqualTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"7\"");
        assertThat(Filters.encode("userName eq \"a b+c\"")).isEqualTo("userName%20eq%20%22a%20b%2Bc%22");
    }

    @Test
    void a_create_body_nests_types_and_lists_used_extensions() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("userName", "a@x");
        attributes.put("name.givenName", "A");
        attributes.put("emails[type eq \"work\"].value", "a@x");
        attributes.put("addresses[type eq \"work\"].locality", "Paris");
        attributes.put("addresses[type eq \"work\"].country", "FR");
        attributes.put("roles[primary eq \"True\"].value", "rep");
        attributes.put("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Sales");
        attributes.put("title", null);
        assertThat(ResourceBody.of(ObjectKind.USER, attributes).toString()).isEqualTo("{\"schemas\":["
                + "\"urn:ietf:params:scim:schemas:core:2.0:User\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],"
                + "\"userName\":\"a@x\",\"name\":{\"givenName\":\"A\"},"
                + "\"emails\":[{\"type\":\"work\",\"primary\":true,\"value\":\"a@x\"}],"
                + "\"addresses\":[{\"type\":\"work\",\"primary\":true,\"locality\":\"Paris\",\"country\":\"FR\"}],"
                + "\"roles\":[{\"primary\":true,\"value\":\"rep\"}],"
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"Sales\"}}");
    }

    @Test
    void a_group_is_created_without_members() {
        assertThat(ResourceBody.of(ObjectKind.GROUP, Map.of("displayName", "G", "members", List.of())).toString())
                .isEqualTo("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"G\"}");
    }

    @Test
    void rfc_patch_operations() {
        List<AttributeChange> changes = List.of(
                new AttributeChange("active", true, "False"),
                new AttributeChange("nickName", null, "Babs"),
                new AttributeChange("emails[type eq \"work\"].value", "a@x", "b@x"),
                new AttributeChange("emails[type eq \"home\"].value", null, "h@x"),
                new AttributeChange("addresses[type eq \"work\"].locality", "Paris", null),
                new AttributeChange("phoneNumbers[type eq \"work\"].value", "1", null));
        assertThat(PatchOperations.forChanges(changes, Compatibility.RFC7644).toString()).isEqualTo(PATCH
                + "{\"op\":\"replace\",\"path\":\"active\",\"value\":false},"
                + "{\"op\":\"add\",\"path\":\"nickName\",\"value\":\"Babs\"},"
                + "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"b@x\"},"
                + "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"type\":\"home\",\"value\":\"h@x\"}]},"
                + "{\"op\":\"remove\",\"path\":\"addresses[type eq \\\"work\\\"].locality\"},"
                + "{\"op\":\"remove\",\"path\":\"phoneNumbers[type eq \\\"work\\\"]\"}]}");
    }

    @Test
    void legacy_patch_operations() {
        List<AttributeChange> changes = List.of(
                new AttributeChange("active", true, false),
                new AttributeChange("emails[type eq \"work\"].value", null, "a@x"),
                new AttributeChange("roles[primary eq \"True\"].value", "a", "b"));
        assertThat(PatchOperations.forChanges(changes, Compatibility.ENTRA_LEGACY).toString()).isEqualTo(PATCH
                + "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"},"
                + "{\"op\":\"Add\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"a@x\"},"
                + "{\"op\":\"Replace\",\"path\":\"roles[primary eq true].value\",\"value\":\"b\"}]}");
    }

    @Test
    void member_operations_in_both_shapes() {
        assertThat(PatchOperations.addMembers(List.of("u1", "u2"), Compatibility.RFC7644).toString()).isEqualTo(PATCH
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"},{\"value\":\"u2\"}]}]}");
        assertThat(PatchOperations.removeMembers(List.of("u1", "u\"2"), Compatibility.RFC7644).toString()).isEqualTo(PATCH
                + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"u1\\\"]\"},"
                + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"u\\\\\\\"2\\\"]\"}]}");
        assertThat(PatchOperations.removeMembers(List.of("u1"), Compatibility.ENTRA_LEGACY).toString()).isEqualTo(PATCH
                + "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"}]}]}");
    }
}
