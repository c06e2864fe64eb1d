package io.provisor.directory;

import io.provisor.engine.EvaluationInput;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Group;
import io.provisor.rules.facts.PrincipalType;
import io.provisor.rules.facts.TargetState;
import io.provisor.store.DirectoryStore;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.UserRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link Directory#facts} for many users at once: the same facts, read with a handful of {@code IN}
 * queries per batch (users; memberships level by level; groups; assignments) instead of about seven
 * queries per user. Groups, their members and assignments come in id order, the order the per-user
 * queries return on H2.
 *
 * <p>What is read of groups (the groups they are members of, the group, its assignments to the app)
 * is kept for the reader's life, so a reader used for many batches ({@link Directory#factsReader})
 * reads each group once: a directory has far fewer groups than users. It is safe to share between
 * threads; a group read by two of them at once is read twice, with the same result.
 */
public final class BatchFacts {

    /** Ids per query: bounds the array parameter a batch sends. */
    static final int CHUNK = 1000;

    private final DirectoryStore store;
    private final String app;
    /** Group id → the groups it is a direct member of. */
    private final Map<String, List<String>> groupParents = new ConcurrentHashMap<>();
    /** Group id → the group, empty when it is soft-deleted or gone. */
    private final Map<String, Optional<Group>> groupsRead = new ConcurrentHashMap<>();
    /** Group id → its assignments to the app. */
    private final Map<String, List<AssignmentRow>> groupAssignments = new ConcurrentHashMap<>();

    BatchFacts(DirectoryStore store, String app) {
        this.store = store;
        this.app = app;
    }

    /**
     * The facts of the users found, in the order of {@code userIds} (ids without a user are left out); a
     * user missing from {@code targets} gets {@link TargetState#unknown()}.
     */
    public Map<String, EvaluationInput> read(List<String> userIds, Map<String, TargetState> targets) {
        Map<String, UserRow> users = new HashMap<>();
        chunked(userIds, store::users).forEach(row -> users.put(row.id(), row));
        List<String> found = userIds.stream().filter(users::containsKey).distinct().toList();
        Map<String, List<String>> parents = new HashMap<>(); // user id → its direct groups, then every group's
        found.forEach(id -> parents.put(id, new ArrayList<>()));
        chunked(found, store::membershipsOf).forEach(pair -> parents.get(pair[1]).add(pair[0]));
        // the groups above each user, level by level, exactly as facts() walks them
        Map<String, Set<String>> groupsOf = new LinkedHashMap<>();
        Map<String, List<String>> frontiers = new HashMap<>();
        for (String userId : found) {
            groupsOf.put(userId, new LinkedHashSet<>(parents.get(userId)));
            frontiers.put(userId, parents.get(userId));
        }
        for (int level = 1; level < Directory.GROUP_LEVELS; level++) {
            Set<String> needed = new HashSet<>();
            frontiers.values().forEach(needed::addAll);
            readGroupParents(needed);
            frontiers.replaceAll((userId, frontier) -> frontier.stream().flatMap(id -> groupParents.get(id).stream()).distinct()
                    .filter(groupsOf.get(userId)::add).toList());
        }
        Set<String> allGroups = new HashSet<>();
        groupsOf.values().forEach(allGroups::addAll);
        readGroupParents(allGroups); // the memberships among a user's groups, up to the last level
        allGroups.forEach(id -> parents.put(id, groupParents.get(id)));
        readGroups(allGroups);
        Map<String, List<AssignmentRow>> assignments = new HashMap<>();
        chunked(found, ids -> store.assignments(app, ids))
                .forEach(row -> assignments.computeIfAbsent(row.principalId(), k -> new ArrayList<>()).add(row));
        allGroups.forEach(id -> assignments.put(id, groupAssignments.get(id)));

        Map<String, EvaluationInput> inputs = new LinkedHashMap<>();
        groupsOf.forEach((userId, groupIds) -> inputs.put(userId, input(users.get(userId), groupIds, parents, assignments,
                targets.getOrDefault(userId, TargetState.unknown()))));
        return inputs;
    }

    private EvaluationInput input(UserRow user, Set<String> groupIds, Map<String, List<String>> parents,
                                  Map<String, List<AssignmentRow>> assignments, TargetState target) {
        Set<String> memberIds = new LinkedHashSet<>(groupIds);
        memberIds.add(user.id());
        Map<String, List<String>> members = new TreeMap<>();
        for (String memberId : memberIds) {
            for (String groupId : parents.get(memberId)) {
                if (groupIds.contains(groupId)) {
                    members.computeIfAbsent(groupId, k -> new ArrayList<>()).add(memberId);
                }
            }
        }
        List<Group> facts = new ArrayList<>();
        for (String groupId : new TreeSet<>(groupIds)) {
            Group group = groupsRead.get(groupId).orElse(null);
            if (group != null) {
                List<String> direct = members.getOrDefault(groupId, new ArrayList<>());
                direct.sort(null);
                facts.add(new Group(group.id(), group.displayName(), group.mail(), group.mailNickname(), group.securityEnabled(), direct));
            }
        }
        List<AssignmentRow> rows = new ArrayList<>();
        memberIds.forEach(id -> rows.addAll(assignments.getOrDefault(id, List.of())));
        rows.sort(Comparator.comparing(AssignmentRow::principalId).thenComparing(AssignmentRow::appRoleId));
        List<AppRoleAssignment> granted = rows.stream().map(row -> new AppRoleAssignment(row.principalId(),
                "Group".equals(row.principalType()) ? PrincipalType.GROUP : PrincipalType.USER, row.appRoleId(), null)).toList();
        return new EvaluationInput(Documents.user(user), facts, granted, target);
    }

    /** Reads the direct parents of every group not read yet. */
    private void readGroupParents(Collection<String> ids) {
        List<String> unread = ids.stream().filter(id -> !groupParents.containsKey(id)).toList();
        Map<String, List<String>> read = new HashMap<>();
        unread.forEach(id -> read.put(id, new ArrayList<>()));
        chunked(unread, store::membershipsOf).forEach(pair -> read.get(pair[1]).add(pair[0]));
        read.forEach(groupParents::putIfAbsent);
    }

    /** Reads every group not read yet, with its assignments to the app. */
    private void readGroups(Collection<String> ids) {
        List<String> unread = ids.stream().filter(id -> !groupsRead.containsKey(id)).toList();
        Map<String, Optional<Group>> read = new HashMap<>();
        unread.forEach(id -> read.put(id, Optional.empty()));
        for (GroupRow row : chunked(unread, store::groups)) {
            if (row.deletedAt() == null) {
                read.put(row.id(), Optional.of(Documents.group(row, List.of())));
            }
        }
        Map<String, List<AssignmentRow>> assigned = new HashMap<>();
        unread.forEach(id -> assigned.put(id, new ArrayList<>()));
        chunked(unread, ids2 -> store.assignments(app, ids2)).forEach(row -> assigned.get(row.principalId()).add(row));
        assigned.forEach(groupAssignments::putIfAbsent);
        read.forEach(groupsRead::putIfAbsent); // last: a group is only seen as read once its assignments are in
    }

    private static <T> List<T> chunked(Collection<String> ids, Function<List<String>, List<T>> query) {
        List<String> all = List.copyOf(ids);
        List<T> rows = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            rows.addAll(query.apply(all.subList(from, Math.min(all.size(), from + CHUNK))));
        }
        return rows;
    }
}
