package io.provisor.directory;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.FactReader;
import io.provisor.engine.EvaluationInput;
import io.provisor.model.Change;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Group;
import io.provisor.rules.facts.TargetState;
import io.provisor.store.DirectoryStore;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.Outcome;
import io.provisor.store.Rows.UserRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The source directory: users, groups with direct members, and app-role assignments, with a change feed. */
public final class Directory {

    /** How many levels of groups above a user are read: enough to show a nested-group chain. */
    static final int GROUP_LEVELS = 3;

    private final DirectoryStore store;

    public Directory(DirectoryStore store) {
        this.store = store;
    }

    public DirectoryStore store() {
        return store;
    }

    /** Creates or replaces a user; the body's id, when present, must be the path's. */
    public Outcome putUser(String id, JsonNode body) {
        UserRow row = Documents.userRow(withId(id, body), "");
        return store.write(writes -> writes.putUser(row));
    }

    public JsonNode user(String id) {
        UserRow row = store.user(id).orElseThrow(() -> new NotFound("user", id));
        return Documents.view(row.document(), row.deletedAt());
    }

    public Outcome delete(Change.ObjectType type, String id, boolean hard) {
        Outcome outcome = store.write(writes -> hard ? writes.hardDelete(type, id) : writes.softDelete(type, id, Instant.now()));
        return found(outcome, type, id);
    }

    public Outcome restore(Change.ObjectType type, String id) {
        return found(store.write(writes -> writes.restore(type, id)), type, id);
    }

    /** Creates or replaces a group and makes its direct members exactly the body's {@code members}. */
    public List<Long> putGroup(String id, JsonNode body) {
        GroupRow row = Documents.groupRow(withId(id, body), "");
        Group group = new FactReader().group(body, "");
        return store.write(writes -> {
            List<Long> seqs = new ArrayList<>();
            Outcome outcome = writes.putGroup(row);
            if (outcome.changed()) {
                seqs.add(outcome.seq());
            }
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < group.members().size(); i++) {
                String memberId = group.members().get(i);
                String kind = memberId.equals(id) ? null : writes.kindOf(memberId);
                if (kind == null) {
                    throw new BadInput("/members/" + i, "member `" + memberId + "` references no user or group");
                }
                members.add(new Member(memberId, kind));
            }
            seqs.addAll(writes.setMembers(id, members));
            return seqs;
        });
    }

    public JsonNode group(String id) {
        GroupRow row = store.group(id).orElseThrow(() -> new NotFound("group", id));
        var view = (com.fasterxml.jackson.databind.node.ObjectNode) Documents.view(row.document(), row.deletedAt());
        var members = view.putArray("members");
        store.members(id).forEach(m -> members.addObject().put("id", m.id()).put("@odata.type", "#microsoft.graph." + m.type()));
        return view;
    }

    /** Assigns a user or group to an app; the principal must exist with the stated type. */
    public Outcome assign(String app, JsonNode body) {
        AppRoleAssignment assignment = assignment(body);
        return store.write(writes -> {
            String kind = writes.kindOf(assignment.principalId());
            if (kind == null || !kind.equalsIgnoreCase(assignment.principalType().toString())) {
                throw new BadInput("/principalId", "no " + assignment.principalType().toString().toLowerCase(java.util.Locale.ROOT)
                        + " with id `" + assignment.principalId() + "`");
            }
            return writes.addAssignment(new AssignmentRow(app, assignment.principalId(), assignment.principalType().toString(),
                    assignment.appRoleId(), body.path("id").asText(null)));
        });
    }

    public Outcome unassign(String app, JsonNode body) {
        AppRoleAssignment assignment = assignment(body);
        Outcome outcome = store.write(writes -> writes.removeAssignment(app, assignment.principalId(), assignment.appRoleId()));
        if (outcome.result() == Outcome.Result.NOT_FOUND) {
            throw new NotFound("assignment", assignment.principalId() + "/" + assignment.appRoleId());
        }
        return outcome;
    }

    public List<Change> changes(long after, int limit) {
        return store.changes(after, limit);
    }

    /**
     * The facts to evaluate a directory user for an app: the user, the groups above it (direct and
     * up to {@value #GROUP_LEVELS} levels, with the memberships among them, so nesting shows), and the
     * app's assignments of the user and those groups. Soft-deleted groups entitle no one and are left out.
     */
    public EvaluationInput facts(String app, String userId, TargetState target) {
        // the batch reader walks memberships through the member index; reading "the group's members among
        // these ids" through the group's key would scan every member of a large group for each user
        EvaluationInput input = factsBatch(app, List.of(userId), Map.of(userId, target)).get(userId);
        if (input == null) {
            throw new NotFound("user", userId);
        }
        return input;
    }

    /**
     * {@link #facts} for many users with a handful of queries for the whole batch: the users found, in
     * the order of {@code userIds} (ids without a user are left out, where {@code facts} throws
     * {@link NotFound}); a user missing from {@code targets} gets {@link TargetState#unknown()}.
     */
    public Map<String, EvaluationInput> factsBatch(String app, List<String> userIds, Map<String, TargetState> targets) {
        return factsReader(app).read(userIds, targets);
    }

    /**
     * A reader of {@link #factsBatch} for many batches, keeping what it read of groups: for a pass over
     * many users (a preview) that reads each group once. Group changes made while it is in use may
     * not be seen.
     */
    public BatchFacts factsReader(String app) {
        return new BatchFacts(store, app);
    }

    private static AppRoleAssignment assignment(JsonNode body) {
        FactReader reader = new FactReader();
        AppRoleAssignment assignment = reader.assignment(body, "");
        reader.throwIfAny();
        return assignment;
    }

    private static JsonNode withId(String id, JsonNode body) {
        Documents.checkId(id, "/id");
        if (body == null || !body.isObject()) {
            throw new BadInput("", "the body must be a JSON object");
        }
        JsonNode given = body.get("id");
        if (given != null && !given.asText().equals(id)) {
            throw new BadInput("/id", "the body's id `" + given.asText() + "` differs from the path's `" + id + "`");
        }
        return ((com.fasterxml.jackson.databind.node.ObjectNode) body.deepCopy()).put("id", id);
    }

    private static Outcome found(Outcome outcome, Change.ObjectType type, String id) {
        if (outcome.result() == Outcome.Result.NOT_FOUND) {
            throw new NotFound(type.toString(), id);
        }
        return outcome;
    }
}
