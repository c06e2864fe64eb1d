package io.provisor.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisor.mapping.AttributeMapping;
import io.provisor.mapping.MappingReader;
import io.provisor.model.Diagnostic;
import io.provisor.rules.facts.App;
import io.provisor.rules.facts.AppRole;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.AttributeMatch;
import io.provisor.rules.facts.GroupProvisioning;
import io.provisor.rules.facts.Scope;
import io.provisor.rules.facts.ScopingFilter;
import io.provisor.rules.facts.TargetActions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code app.json} into the {@link App} fact, reporting every problem with its JSON pointer. */
final class AppConfigReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN_SETTINGS = Set.of("name", "scope", "appRoles", "matching",
            "scopingFilters", "targetActions", "skipOutOfScopeDeletions", "groups", "mappings", "connector",
            "thresholds", "description", "provisioning");
    private static final Set<String> GROUP_ATTRIBUTES = Set.of("id", "displayName", "mail", "mailNickname");

    private final String file;
    private final List<Diagnostic> diagnostics;

    AppConfigReader(String file, List<Diagnostic> diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /** An app's fact and its attribute mappings. */
    record Definition(App app, List<AttributeMapping> mappings) {
    }

    /** The app, or null when the file has errors (they are added to the diagnostics). */
    Definition read(String expectedName, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            diagnostics.add(Diagnostic.error(file, location == null ? 0 : location.getLineNr(),
                    location == null ? 0 : location.getColumnNr(), "json_malformed",
                    "app.json is not valid JSON: " + e.getOriginalMessage()));
            return null;
        }
        if (root == null || !root.isObject()) {
            diagnostics.add(Diagnostic.jsonError(file, "", "json_malformed", "app.json must hold a JSON object"));
            return null;
        }
        int errorsBefore = errorCount();
        root.fieldNames().forEachRemaining(name -> {
            if (!KNOWN_SETTINGS.contains(name)) {
                diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, file, 0, 0, "setting_unknown",
                        "unknown setting `" + name + "` is ignored", "/" + name));
            }
        });
        String name = root.path("name").asText(expectedName);
        if (!name.equals(expectedName)) {
            error("/name", "app_name_mismatch", "app name `" + name + "` differs from its folder `" + expectedName + "`");
        }
        Scope scope = Scope.fromWire(root.path("scope").asText("assignedOnly"));
        if (scope == null) {
            error("/scope", "scope_invalid", "scope must be `assignedOnly` or `all`, not `" + root.path("scope").asText() + "`");
        }
        List<AppRole> roles = readRoles(root.path("appRoles"));
        List<AttributeMapping> mappings;
        List<AttributeMatch> matching;
        if (root.has("mappings")) {
            mappings = new MappingReader(file, diagnostics, AttributeNames::isUserAttribute).read(root.path("mappings"));
            matching = Mappings.matching(mappings);
            if (root.has("matching")) {
                error("/matching", "matching_twice", "with `mappings`, matching attributes are the mappings marked `matching`;"
                        + " remove `matching`");
            }
        } else {
            matching = readMatching(root.path("matching"), "/matching", AttributeNames::isUserAttribute);
            mappings = Mappings.defaults(matching);
        }
        if (matching.isEmpty() && errorCount() == errorsBefore) {
            error(root.has("mappings") ? "/mappings" : "/matching", "matching_missing", "an app needs at least one matching attribute");
        }
        List<ScopingFilter> filters = new ScopingFilterReader(file, diagnostics).read(root.path("scopingFilters"));
        TargetActions actions = readTargetActions(root.path("targetActions"));
        boolean skipDeletions = readBoolean(root, "skipOutOfScopeDeletions", false);
        GroupProvisioning groups = readGroups(root.path("groups"));
        if (errorCount() > errorsBefore) {
            return null;
        }
        List<String> filterRules = filters.stream().map(ScopingFilter::ruleId).toList();
        return new Definition(new App(name, scope, roles, matching, filters, filterRules, actions, skipDeletions, groups), mappings);
    }

    private List<AppRole> readRoles(JsonNode node) {
        List<AppRole> roles = new ArrayList<>();
        if (!node.isMissingNode() && !node.isArray()) {
            error("/appRoles", "app_roles_invalid", "appRoles must be a list");
            return roles;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode role = node.get(i);
            String id = role.path("id").asText("");
            if (id.isEmpty()) {
                error("/appRoles/" + i + "/id", "app_role_id_missing", "an app role needs an id");
                continue;
            }
            roles.add(new AppRole(id, role.path("value").asText(null), role.path("displayName").asText(id)));
        }
        // Default Access always exists: assignments without a role get it, and it entitles like any role.
        if (roles.stream().noneMatch(role -> role.id().equals(AppRoleAssignment.DEFAULT_ACCESS))) {
            roles.add(new AppRole(AppRoleAssignment.DEFAULT_ACCESS, "default", "Default Access"));
        }
        return roles;
    }

    private List<AttributeMatch> readMatching(JsonNode node, String pointer,
                                              java.util.function.Predicate<String> knownSource) {
        List<AttributeMatch> matching = new ArrayList<>();
        if (node.isMissingNode()) {
            return matching;
        }
        if (!node.isArray()) {
            error(pointer, "matching_invalid", "matching must be a list of {source, target}");
            return matching;
        }
        for (int i = 0; i < node.size(); i++) {
            String source = node.get(i).path("source").asText("");
            String target = node.get(i).path("target").asText("");
            if (!knownSource.test(source)) {
                error(pointer + "/" + i + "/source", "attribute_unknown", "matching source `" + source + "` is not an attribute");
            } else if (target.isEmpty()) {
                error(pointer + "/" + i + "/target", "matching_target_missing", "matching attribute `" + source + "` needs a target");
            } else {
                try {
                    matching.add(new AttributeMatch(i + 1, source, target));
                } catch (IllegalArgumentException e) {
                    error(pointer + "/" + i + "/target", "target_path_invalid", e.getMessage());
                }
            }
        }
        return matching;
    }

    private TargetActions readTargetActions(JsonNode node) {
        return new TargetActions(readBoolean(node, "create", true), readBoolean(node, "update", true),
                readBoolean(node, "delete", true));
    }

    private GroupProvisioning readGroups(JsonNode node) {
        if (node.isMissingNode()) {
            return GroupProvisioning.disabled();
        }
        boolean enabled = readBoolean(node, "enabled", false);
        List<AttributeMatch> matching = readMatching(node.path("matching"), "/groups/matching", GROUP_ATTRIBUTES::contains);
        if (enabled && matching.isEmpty()) {
            error("/groups/matching", "matching_missing", "group provisioning needs a matching attribute");
        }
        return new GroupProvisioning(enabled, matching);
    }

    private boolean readBoolean(JsonNode parent, String name, boolean fallback) {
        JsonNode node = parent.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            error("/" + name, "boolean_expected", "`" + name + "` must be true or false");
            return fallback;
        }
        return node.booleanValue();
    }

    private void error(String pointer, String code, String message) {
        diagnostics.add(Diagnostic.jsonError(file, pointer, code, message));
    }

    private int errorCount() {
        return (int) diagnostics.stream().filter(Diagnostic::isError).count();
    }
}
