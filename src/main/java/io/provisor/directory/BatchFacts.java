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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@link Directory#facts} for many users at once: the same facts, read with a handful of {@code IN}
 * queries per batch (users; memberships level by level, each group's read once; groups; assignments)
 * instead of about seven queries per user. Groups, their members and assignments come in id order,
 * the order the per-user queries return on H2.
 */
final class BatchFacts {

    /** Ids per {@code IN (...)} list, well below every driver's parameter limit. */
    static final int CHUNK = 1000;

    private final DirectoryStore store;
    /** Member id → the groups it is a direct member of, for every member read so far. */
    private final Map<String, List<String>> parents = new HashMap<>();

    BatchFacts(DirectoryStore store) {
        this.store = store;
    }

    Map<String, EvaluationInput> read(String app, List<String> userIds, Map<String, TargetState> targets) {
        Map<String, UserRow> users = new HashMap<>();
        chunked(userIds, store::users).forEach(row -> users.put(row.id(), row));
        // the groups above each user, level by level, exactly as facts() walks them
        Map<String, Set<String>> groupsOf = new LinkedHashMap<>();
        Map<String, List<String>> frontiers = new HashMap<>();
        for (String userId : userIds) {
            if (users.containsKey(userId) && !groupsOf.containsKey(userId)) {
                groupsOf.put(userId, new LinkedHashSet<>());
                frontiers.put(userId, List.of(userId));
            }
        }
        for (int level = 0; level < Directory.GROUP_LEVELS; level++) {
            Set<String> needed = new HashSet<>();
            frontiers.values().forEach(needed::addAll);
            readParents(needed);
            frontiers.replaceAll((userId, frontier) -> frontier.stream().flatMap(id -> parents.get(id).stream()).distinct()
                    .filter(groupsOf.get(userId)::add).toList());
        }
        Set<String> allGroups = new HashSet<>();
        groupsOf.values().forEach(allGroups::addAll);
        readParents(allGroups); // the memberships among a user's groups, up to the last level
        Map<String, Group> groups = new HashMap<>();
        for (GroupRow row : chunked(allGroups, store::groups)) {
            if (row.deletedAt() == null) {
                groups.put(row.id(), Documents.group(row, List.of()));
            }
        }
        Set<String> principals = new HashSet<>(allGroups);
        principals.addAll(groupsOf.keySet());
        Map<String, List<AssignmentRow>> assignments = new HashMap<>();
        chunked(principals, ids -> store.assignments(app, ids))
                .forEach(row -> assignments.computeIfAbsent(row.principalId(), k -> new ArrayList<>()).add(row));

        Map<String, EvaluationInput> inputs = new LinkedHashMap<>();
        groupsOf.forEach((userId, groupIds) -> inputs.put(userId,
                input(users.get(userId), groupIds, groups, assignments, targets.getOrDefault(userId, TargetState.unknown()))));
        return inputs;
    }

    private EvaluationInput input(UserRow user, Set<String> groupIds, Map<String, Group> groups,
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
            Group group = groups.get(groupId);
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

    /** Reads the direct groups of every id not read yet. */
    private void readParents(Collection<String> ids) {
        List<String> unread = ids.stream().filter(id -> !parents.containsKey(id)).toList();
        unread.forEach(id -> parents.put(id, new ArrayList<>()));
        chunked(unread, store::membershipsOf).forEach(pair -> parents.get(pair[1]).add(pair[0]));
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
