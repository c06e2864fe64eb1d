package io.provisor.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.engine.EvaluationInput;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Deletion;
import io.provisor.rules.facts.Group;
import io.provisor.rules.facts.PrincipalType;
import io.provisor.rules.facts.TargetObject;
import io.provisor.rules.facts.TargetState;
import io.provisor.rules.facts.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads facts from JSON in Microsoft Graph's shapes, collecting every problem with its JSON pointer.
 * Graph's directory extensions ({@code extension_<app>_<name>} properties and
 * {@code onPremisesExtensionAttributes}) land in {@link User#extensionAttributes()}; a
 * {@code deletedDateTime} marks a soft delete.
 */
public final class FactReader {

    private static final int MAX_TEXT = 1024;

    private final List<BadInput.Problem> problems = new ArrayList<>();

    /** Reads an evaluate request body: {@code {"user", "groups", "assignments", "target"}}. */
    public static EvaluationInput evaluationInput(JsonNode body) {
        FactReader reader = new FactReader();
        if (body == null || !body.isObject()) {
            throw new BadInput("", "the request body must be a JSON object");
        }
        JsonNode userNode = body.path("user");
        if (!userNode.isObject()) {
            throw new BadInput("/user", "a user object is required");
        }
        User user = reader.user(userNode, "/user");
        List<Group> groups = new ArrayList<>();
        JsonNode groupNodes = reader.list(body.path("groups"), "/groups");
        for (int i = 0; i < groupNodes.size(); i++) {
            groups.add(reader.group(groupNodes.get(i), "/groups/" + i));
        }
        List<AppRoleAssignment> assignments = new ArrayList<>();
        JsonNode assignmentNodes = reader.list(body.path("assignments"), "/assignments");
        for (int i = 0; i < assignmentNodes.size(); i++) {
            assignments.add(reader.assignment(assignmentNodes.get(i), "/assignments/" + i));
        }
        TargetState target = reader.target(body.path("target"), "/target");
        reader.throwIfAny();
        return new EvaluationInput(user, groups, assignments, target);
    }

    public User user(JsonNode node, String pointer) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            if (field.getKey().startsWith("extension_")) {
                extensions.put(field.getKey(), scalarOrList(field.getValue(), pointer + "/" + field.getKey()));
            }
        });
        node.path("onPremisesExtensionAttributes").fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                extensions.put(field.getKey(), field.getValue().asText());
            }
        });
        node.path("extensionAttributes").fields().forEachRemaining(field ->
                extensions.put(field.getKey(), scalarOrList(field.getValue(), pointer + "/extensionAttributes/" + field.getKey())));
        return new User(id(node, pointer), text(node, "userPrincipalName", pointer), text(node, "mail", pointer),
                text(node, "mailNickname", pointer), text(node, "displayName", pointer), text(node, "givenName", pointer),
                text(node, "surname", pointer), text(node, "department", pointer), text(node, "jobTitle", pointer),
                text(node, "companyName", pointer), text(node, "country", pointer), text(node, "city", pointer),
                text(node, "state", pointer), text(node, "employeeId", pointer), text(node, "employeeType", pointer),
                text(node, "userType", pointer), bool(node, "accountEnabled", pointer), deletion(node, pointer),
                manager(node, pointer), extensions);
    }

    public Group group(JsonNode node, String pointer) {
        List<String> members = new ArrayList<>();
        JsonNode memberNodes = list(node.path("members"), pointer + "/members");
        for (int i = 0; i < memberNodes.size(); i++) {
            JsonNode member = memberNodes.get(i);
            String id = member.isTextual() ? member.asText() : member.path("id").asText("");
            if (id.isEmpty()) {
                problem(pointer + "/members/" + i, "a member is an id, or an object with an `id`");
            } else {
                members.add(id);
            }
        }
        Boolean security = bool(node, "securityEnabled", pointer);
        return new Group(id(node, pointer), text(node, "displayName", pointer), text(node, "mail", pointer),
                text(node, "mailNickname", pointer), Boolean.TRUE.equals(security), members);
    }

    public AppRoleAssignment assignment(JsonNode node, String pointer) {
        String principalId = text(node, "principalId", pointer);
        if (principalId == null) {
            problem(pointer + "/principalId", "an assignment needs a principalId");
        }
        String type = node.path("principalType").asText("User");
        PrincipalType principalType = switch (type) {
            case "User" -> PrincipalType.USER;
            case "Group" -> PrincipalType.GROUP;
            default -> {
                problem(pointer + "/principalType", "principalType must be `User` or `Group`, not `" + type + "`");
                yield PrincipalType.USER;
            }
        };
        return new AppRoleAssignment(principalId, principalType, text(node, "appRoleId", pointer),
                text(node, "appRoleName", pointer));
    }

    public TargetState target(JsonNode node, String pointer) {
        if (node.isMissingNode() || node.isNull()) {
            return TargetState.unknown();
        }
        if (!node.isObject()) {
            problem(pointer, "target must be an object: {\"linkedId\", \"attributes\"} or {\"matches\": [...]}");
            return TargetState.unknown();
        }
        if (node.has("linkedId") && node.has("matches")) {
            problem(pointer, "a target is either linked (`linkedId`) or found by matching (`matches`), not both");
        }
        if (node.has("linkedId")) {
            return TargetState.linked(text(node, "linkedId", pointer), attributes(node.path("attributes"), pointer + "/attributes"));
        }
        JsonNode matchNodes = list(node.path("matches"), pointer + "/matches");
        List<TargetObject> matches = new ArrayList<>();
        for (int i = 0; i < matchNodes.size(); i++) {
            String at = pointer + "/matches/" + i;
            matches.add(new TargetObject(id(matchNodes.get(i), at), attributes(matchNodes.get(i).path("attributes"), at + "/attributes")));
        }
        return node.has("matches") ? TargetState.found(matches) : TargetState.unknown();
    }

    private Map<String, Object> attributes(JsonNode node, String pointer) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            problem(pointer, "attributes must be an object");
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.mapper().convertValue(node, Map.class);
        return map;
    }

    private String id(JsonNode node, String pointer) {
        String id = text(node, "id", pointer);
        if (id == null || id.isBlank()) {
            problem(pointer + "/id", "an id is required");
        }
        return id;
    }

    private String text(JsonNode node, String field, String pointer) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.isBoolean()) {
            problem(pointer + "/" + field, "`" + field + "` must be a string");
            return null;
        }
        String text = value.asText();
        if (text.length() > MAX_TEXT) {
            problem(pointer + "/" + field, "`" + field + "` is longer than " + MAX_TEXT + " characters");
        }
        return text;
    }

    private Boolean bool(JsonNode node, String field, String pointer) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            problem(pointer + "/" + field, "`" + field + "` must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    private Deletion deletion(JsonNode node, String pointer) {
        JsonNode deleted = node.path("deleted");
        if (!deleted.isMissingNode() && !deleted.isNull()) {
            return switch (deleted.asText()) {
                case "none" -> Deletion.NONE;
                case "soft" -> Deletion.SOFT;
                case "hard" -> Deletion.HARD;
                default -> {
                    problem(pointer + "/deleted", "deleted must be `none`, `soft` or `hard`");
                    yield Deletion.NONE;
                }
            };
        }
        JsonNode deletedAt = node.path("deletedDateTime");
        return deletedAt.isMissingNode() || deletedAt.isNull() ? Deletion.NONE : Deletion.SOFT;
    }

    private String manager(JsonNode node, String pointer) {
        JsonNode manager = node.path("manager");
        return manager.isObject() ? manager.path("id").asText(null) : text(node, "manager", pointer);
    }

    private Object scalarOrList(JsonNode value, String pointer) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return items;
        }
        if (!value.isNull()) {
            problem(pointer, "an extension attribute is a string, number, boolean or list of strings");
        }
        return null;
    }

    /** The node when it is a list; otherwise an empty list, with a problem unless the node is absent. */
    private JsonNode list(JsonNode node, String pointer) {
        if (node.isArray()) {
            return node;
        }
        if (!node.isMissingNode() && !node.isNull()) {
            problem(pointer, "must be a list");
        }
        return Json.mapper().createArrayNode();
    }

    private void problem(String pointer, String message) {
        problems.add(new BadInput.Problem(pointer, message));
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new BadInput(problems);
        }
    }
}
