package io.provisor.bench;

import io.provisor.engine.EvaluationInput;
import io.provisor.mapping.AttributeFlow;
import io.provisor.mapping.AttributeMapping;
import io.provisor.mapping.SourceValues;
import io.provisor.mapping.expr.Expression;
import io.provisor.model.Action;
import io.provisor.model.AttributeChange;
import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import io.provisor.rules.RuleInfo;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.App;
import io.provisor.rules.facts.AppRole;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.AttributeMatch;
import io.provisor.rules.facts.Clause;
import io.provisor.rules.facts.ClauseOutcome;
import io.provisor.rules.facts.Eligible;
import io.provisor.rules.facts.Entitled;
import io.provisor.rules.facts.Finding;
import io.provisor.rules.facts.Group;
import io.provisor.rules.facts.InScope;
import io.provisor.rules.facts.MatchKey;
import io.provisor.rules.facts.NotEntitled;
import io.provisor.rules.facts.Operators;
import io.provisor.rules.facts.OutOfScope;
import io.provisor.rules.facts.ProposedAction;
import io.provisor.rules.facts.RequirementFailed;
import io.provisor.rules.facts.ScopingFilter;
import io.provisor.rules.facts.TargetObject;
import io.provisor.rules.facts.TargetState;
import io.provisor.rules.facts.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples' policy (rules/common + contoso-crm) written in plain Java, with no Drools, as the
 * baseline for the benchmark. It reads the same app configuration and rule metadata as the engine
 * (codes, reasons, fixes), and reproduces what the engine decides, including its quirks:
 *
 * <ul>
 *   <li>findings have identity equality, so every rule that holds is cited, once per match;
 *   <li>exclusions beat inclusions, the strongest proposal wins, and the first exclusion (by stage,
 *       then rule load order) gives skips, disables and deletes their code.
 * </ul>
 *
 * <p>{@link #decide} computes only the action and code; {@link #explain} builds the whole
 * {@link Decision}, reasons and steps included, as the engine does, so throughput can be compared like for like.
 */
final class HandCodedPolicy {

    /** Action and code: what the benchmark checks on every user. */
    record Verdict(Action action, String code) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final RuleSet rules;
    private final App app;
    private final List<AttributeMatch> matching;
    private final Set<String> roleIds = new HashSet<>();
    private final Map<String, String> roleLabels = new HashMap<>();
    private final String groupMatchingAttribute;
    private final List<RuleInfo> filterRules;
    private final Map<String, Integer> loadOrder = new HashMap<>();
    /** The mappings that {@code IsSoftDeleted} drives: what a disable writes. */
    private final List<AttributeMapping> softDeleteMappings;

    private final RuleInfo matchingKey;
    private final RuleInfo matchingMissing;
    private final RuleInfo hardDeleted;
    private final RuleInfo softDeleted;
    private final RuleInfo disabled;
    private final RuleInfo roleNotDefined;
    private final RuleInfo groupRoleNotDefined;
    private final RuleInfo principalNotGroup;
    private final RuleInfo nestedOnly;
    private final RuleInfo notSecurity;
    private final RuleInfo groupIdMissing;
    private final RuleInfo notAssigned;
    private final RuleInfo syncAllRule;
    private final RuleInfo direct;
    private final RuleInfo throughGroup;
    private final RuleInfo contractors;
    private final RuleInfo noFilterMatched;
    private final RuleInfo eligibleRule;
    private final RuleInfo create;
    private final RuleInfo createNotEnabled;
    private final RuleInfo duplicates;
    private final RuleInfo linkAndUpdate;
    private final RuleInfo update;
    private final RuleInfo updateNotEnabled;
    private final RuleInfo redundant;
    private final RuleInfo disable;
    private final RuleInfo alreadyDisabled;
    private final RuleInfo outOfScopeKept;
    private final RuleInfo disableNotEnabled;
    private final RuleInfo delete;
    private final RuleInfo deleteNotEnabled;

    HandCodedPolicy(RuleSet rules) {
        this.rules = rules;
        this.app = rules.app();
        this.matching = app.matching().stream().sorted(Comparator.comparingInt(AttributeMatch::precedence)).toList();
        for (AppRole role : app.appRoles()) {
            roleIds.add(role.id());
            roleLabels.putIfAbsent(role.id(), role.displayName());
        }
        this.groupMatchingAttribute = app.groups().matchingAttribute();
        this.filterRules = rules.scopingFilters();
        int i = 0;
        for (String id : rules.rules().keySet()) {
            loadOrder.put(id, i++);
        }
        this.softDeleteMappings = rules.mappings().stream().filter(m -> "IsSoftDeleted".equals(m.source())
                || (m.expression() != null && m.expression().attributes().contains("IsSoftDeleted"))).toList();

        matchingKey = rule("import.matching-key");
        matchingMissing = rule("import.matching-attribute-missing");
        hardDeleted = rule("entitlement.source-hard-deleted");
        softDeleted = rule("entitlement.source-soft-deleted");
        disabled = rule("entitlement.source-disabled");
        roleNotDefined = rule("entitlement.role-not-defined");
        groupRoleNotDefined = rule("entitlement.group-role-not-defined");
        principalNotGroup = rule("entitlement.principal-is-not-a-group");
        nestedOnly = rule("entitlement.nested-group-only");
        notSecurity = rule("entitlement.group-not-security-enabled");
        groupIdMissing = rule("entitlement.group-matching-id-missing");
        notAssigned = rule("entitlement.not-assigned");
        syncAllRule = rule("entitlement.sync-all");
        direct = rule("entitlement.direct-assignment");
        throughGroup = rule("entitlement.group-assignment");
        contractors = rule("entitlement.contractors-excluded");
        noFilterMatched = rule("scoping.no-filter-matched");
        eligibleRule = rule("processing.eligible");
        create = rule("processing.create");
        createNotEnabled = rule("processing.create-not-enabled");
        duplicates = rule("processing.duplicate-target-entries");
        linkAndUpdate = rule("processing.link-and-update");
        update = rule("processing.update");
        updateNotEnabled = rule("processing.update-not-enabled");
        redundant = rule("processing.redundant-export");
        disable = rule("processing.disable");
        alreadyDisabled = rule("processing.already-disabled");
        outOfScopeKept = rule("processing.out-of-scope-kept");
        disableNotEnabled = rule("processing.disable-not-enabled");
        delete = rule("processing.delete");
        deleteNotEnabled = rule("processing.delete-not-enabled");
    }

    private RuleInfo rule(String id) {
        RuleInfo info = rules.rule(id);
        if (info == null) {
            throw new IllegalStateException("the hand-coded policy expects rule " + id + " in " + app.name());
        }
        return info;
    }

    // ---------------------------------------------------------------- action and code only

    /** The action and code the policy gives this user, computed with plain conditionals. */
    Verdict decide(EvaluationInput input) {
        User user = input.user();
        TargetState target = input.target();
        boolean linked = target.isLinked();
        boolean requirementFailed = !linked && !hasMatchingValue(user);

        boolean syncAll = app.isSyncAll();
        boolean entitled = syncAll || entitledDirectly(input) || entitledThroughGroup(input);
        RuleInfo firstExclusion = requirementFailed ? matchingMissing
                : user.isHardDeleted() ? hardDeleted
                : user.isSoftDeleted() ? softDeleted
                : !user.isEnabled() ? disabled
                : null;
        if (firstExclusion == null && !entitled) {
            firstExclusion = whyNotEntitled(input);
        }
        if (firstExclusion == null && "Contractor".equals(user.employeeType())) {
            firstExclusion = contractors;
        }
        if (firstExclusion == null && app.hasScopingFilters() && !inAnyFilter(user)) {
            firstExclusion = noFilterMatched;
        }
        // Entitled, active and no exclusion (an inactive user always has one).
        boolean eligible = firstExclusion == null && entitled;
        int count = target.getMatchCount();
        RuleInfo decisive = null;
        if (eligible) {
            boolean differs = (linked || count == 1) && !update(input).changes().isEmpty();
            if (linked || count == 1) {
                decisive = !differs ? redundant
                        : !app.targetActions().update() ? updateNotEnabled
                        : linked ? update : linkAndUpdate;
            } else if (count == 0) {
                decisive = app.targetActions().create() ? create : createNotEnabled;
            } else {
                decisive = duplicates;
            }
        } else if (linked) {
            if (user.isHardDeleted()) {
                decisive = app.targetActions().delete() ? delete : deleteNotEnabled;
            } else if (!target.isActiveInTarget()) {
                decisive = alreadyDisabled;
            } else if (app.skipOutOfScopeDeletions()) {
                decisive = outOfScopeKept;
            } else {
                decisive = app.targetActions().update() ? disable : disableNotEnabled;
            }
        }
        Action action = decisive == null ? Action.SKIP : proposed(decisive);
        if (decisive == null) {
            return new Verdict(action, firstExclusion == null ? "NoRuleDecided" : firstExclusion.code());
        }
        boolean causeIsExclusion = firstExclusion != null && (action == Action.DISABLE || action == Action.DELETE);
        return new Verdict(action, causeIsExclusion ? firstExclusion.code() : decisive.code());
    }

    private Action proposed(RuleInfo processing) {
        if (processing == create) {
            return Action.CREATE;
        }
        if (processing == update || processing == linkAndUpdate) {
            return Action.UPDATE;
        }
        if (processing == disable) {
            return Action.DISABLE;
        }
        if (processing == delete) {
            return Action.DELETE;
        }
        return processing == redundant || processing == alreadyDisabled ? Action.NONE : Action.SKIP;
    }

    /** The first not-entitled rule, in load order, for a user nothing entitles (active, not deleted). */
    private RuleInfo whyNotEntitled(EvaluationInput input) {
        String userId = input.user().id();
        for (AppRoleAssignment a : input.assignments()) {
            if (a.isForUser() && userId.equals(a.principalId()) && !roleIds.contains(a.appRoleId())) {
                return roleNotDefined;
            }
        }
        for (Group g : input.groups()) {
            if (g.securityEnabled() && g.hasMember(userId) && assignedWithUndefinedRole(input, g)) {
                return groupRoleNotDefined;
            }
        }
        for (AppRoleAssignment a : input.assignments()) {
            if (a.isForGroup() && userId.equals(a.principalId())) {
                return principalNotGroup;
            }
        }
        if (app.isSyncAll()) {
            return null;
        }
        for (Group inner : input.groups()) {
            if (inner.hasMember(userId)) {
                for (Group outer : input.groups()) {
                    if (outer.hasMember(inner.id()) && assigned(input, outer)) {
                        return nestedOnly;
                    }
                }
            }
        }
        for (Group g : input.groups()) {
            if (!g.securityEnabled() && g.hasMember(userId) && assigned(input, g)) {
                return notSecurity;
            }
        }
        if (app.groups().enabled()) {
            for (Group g : input.groups()) {
                if (g.securityEnabled() && g.hasMember(userId) && !canMatch(g) && assigned(input, g)) {
                    return groupIdMissing;
                }
            }
        }
        return anyAssignment(input, true) ? null : notAssigned;
    }

    // ---------------------------------------------------------------- shared conditions

    private boolean hasMatchingValue(User user) {
        for (AttributeMatch m : matching) {
            if (user.hasValue(m.source())) {
                return true;
            }
        }
        return false;
    }

    private boolean entitledDirectly(EvaluationInput input) {
        for (AppRoleAssignment a : input.assignments()) {
            if (a.isForUser() && input.user().id().equals(a.principalId()) && roleIds.contains(a.appRoleId())) {
                return true;
            }
        }
        return false;
    }

    private boolean entitledThroughGroup(EvaluationInput input) {
        String userId = input.user().id();
        for (Group g : input.groups()) {
            if (g.securityEnabled() && g.hasMember(userId) && canMatch(g)) {
                for (AppRoleAssignment a : input.assignments()) {
                    if (a.isForGroup() && g.id().equals(a.principalId()) && roleIds.contains(a.appRoleId())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean canMatch(Group g) {
        return groupMatchingAttribute == null || g.hasValue(groupMatchingAttribute);
    }

    private static boolean assigned(EvaluationInput input, Group g) {
        for (AppRoleAssignment a : input.assignments()) {
            if (a.isForGroup() && g.id().equals(a.principalId())) {
                return true;
            }
        }
        return false;
    }

    private boolean assignedWithUndefinedRole(EvaluationInput input, Group g) {
        for (AppRoleAssignment a : input.assignments()) {
            if (a.isForGroup() && g.id().equals(a.principalId()) && !roleIds.contains(a.appRoleId())) {
                return true;
            }
        }
        return false;
    }

    private boolean inAnyFilter(User user) {
        for (ScopingFilter filter : app.scopingFilters()) {
            if (passes(filter, user)) {
                return true;
            }
        }
        return false;
    }

    private static boolean passes(ScopingFilter filter, User user) {
        for (Clause clause : filter.clauses()) {
            if (!Operators.evaluate(clause.operator(), user.attribute(clause.attribute()), clause.value()).passed()) {
                return false;
            }
        }
        return true;
    }

    /**
     * What an update of the known account would change: the app's attribute mappings, evaluated by the
     * mapping library (plain Java, shared with the engine: it is not what is being compared).
     */
    private AttributeFlow.Result update(EvaluationInput input) {
        return AttributeFlow.forUpdate(rules.mappings(), source(input), input.target().currentAttributes());
    }

    private SourceValues source(EvaluationInput input) {
        return new SourceValues(input.user().id(), input.user()::attribute, roles(input), false, Instant.now(),
                ThreadLocalRandom.current());
    }

    /** The user's roles in the app: direct assignments and those of security groups it is a direct member of. */
    private List<Expression.AppRole> roles(EvaluationInput input) {
        String userId = input.user().id();
        List<Expression.AppRole> roles = new ArrayList<>();
        for (AppRoleAssignment a : input.assignments()) {
            boolean mine;
            if (a.isForUser()) {
                mine = userId.equals(a.principalId());
            } else {
                mine = false;
                for (Group g : input.groups()) {
                    if (g.securityEnabled() && g.hasMember(userId) && g.id().equals(a.principalId())) {
                        mine = true;
                        break;
                    }
                }
            }
            if (mine) {
                for (AppRole role : app.appRoles()) {
                    if (role.id().equals(a.appRoleId())) {
                        roles.add(new Expression.AppRole(role.id(), role.value(), role.displayName()));
                        break;
                    }
                }
            }
        }
        return roles;
    }

    /** Any assignment naming the user, or a security group the user is a direct member of (valid or not). */
    private static boolean anyAssignment(EvaluationInput input, boolean securityGroupsOnly) {
        String userId = input.user().id();
        for (AppRoleAssignment a : input.assignments()) {
            if (a.isForUser() ? userId.equals(a.principalId()) : memberOf(input, a.principalId(), securityGroupsOnly)) {
                return true;
            }
        }
        return false;
    }

    private static boolean memberOf(EvaluationInput input, String groupId, boolean securityOnly) {
        for (Group g : input.groups()) {
            if (g.id().equals(groupId) && (!securityOnly || g.securityEnabled()) && g.hasMember(input.user().id())) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- the whole decision

    /** A derived fact with the rule that derived it, as the engine's explanation cites it. */
    private record Hit(RuleInfo rule, Finding finding) {
    }

    private record ClauseResult(Clause clause, Object value, ClauseOutcome outcome) {
        String describe() {
            return "`" + clause.describe() + "` is " + outcome.passed() + " (value: "
                    + (value == null ? "null" : "`" + value + "`") + ")";
        }
    }

    /** The full decision with its explanation, the same shape and content as the engine's. */
    Decision explain(EvaluationInput input) {
        return new Explanation(input).decision(UUID.randomUUID().toString());
    }

    private final class Explanation {
        final EvaluationInput input;
        final User user;
        final TargetState target;
        final String label;
        final List<Hit> hits = new ArrayList<>();
        final List<Hit> exclusions = new ArrayList<>();
        final Map<String, List<ClauseResult>> clauses = new LinkedHashMap<>();
        final Set<String> passedFilters = new HashSet<>();
        final List<String> warnings = new ArrayList<>();
        final SourceValues source;
        final AttributeFlow.Result updateFlow;
        final List<AttributeChange> diffs;
        MatchKey key;
        boolean entitled;
        boolean notEntitled;
        boolean outOfScope;
        boolean eligible;
        Hit decisive;

        Explanation(EvaluationInput input) {
            this.input = input;
            this.user = input.user();
            this.target = input.target();
            this.label = user.label();
            this.source = source(input);
            this.updateFlow = target.isLinked() || target.getMatchCount() == 1
                    ? AttributeFlow.forUpdate(rules.mappings(), source, target.currentAttributes()) : null;
            this.diffs = updateFlow == null ? List.of() : updateFlow.changes();
            importStage();
            entitlementStage();
            scopingStage();
            processingStage();
            hits.sort(Comparator.comparingInt((Hit h) -> h.rule().stage().ordinal())
                    .thenComparingInt(h -> loadOrder.get(h.rule().id())));
            for (Hit h : hits) {
                if (isExclusion(h.finding())) {
                    exclusions.add(h);
                }
            }
            for (Hit h : hits) {
                if (h.finding() instanceof ProposedAction p && (exclusions.isEmpty()
                        || (p.action() != Action.CREATE && p.action() != Action.UPDATE))
                        && (decisive == null || p.action().outranks(((ProposedAction) decisive.finding()).action()))) {
                    decisive = h;
                }
            }
        }

        private void importStage() {
            if (target.isLinked()) {
                return;
            }
            for (AttributeMatch m : matching) {
                String value = user.text(m.source());
                if (value != null) {
                    key = new MatchKey(m.source(), m.target(), value);
                    hits.add(new Hit(matchingKey, key));
                    return;
                }
            }
            hits.add(new Hit(matchingMissing, new RequirementFailed("attributes", app.matchingSources())));
        }

        private void entitlementStage() {
            String userId = user.id();
            entitled = app.isSyncAll();
            if (entitled) {
                hits.add(new Hit(syncAllRule, new Entitled()));
            }
            for (AppRoleAssignment a : input.assignments()) {
                if (a.isForUser() && userId.equals(a.principalId()) && roleIds.contains(a.appRoleId())) {
                    entitled = true;
                    add(direct, new Entitled("role", roleLabel(a.appRoleId())));
                }
            }
            for (Group g : input.groups()) {
                if (g.securityEnabled() && g.hasMember(userId) && canMatch(g)) {
                    for (AppRoleAssignment a : input.assignments()) {
                        if (a.isForGroup() && g.id().equals(a.principalId()) && roleIds.contains(a.appRoleId())) {
                            entitled = true;
                            add(throughGroup, new Entitled("group", g.label(), "role", roleLabel(a.appRoleId())));
                        }
                    }
                }
            }
            // Findings have identity equality: every rule that holds is cited, with one fact per match.
            if (user.isHardDeleted()) {
                add(hardDeleted, new NotEntitled());
            }
            if (user.isSoftDeleted()) {
                add(softDeleted, new NotEntitled());
            }
            if (!user.isEnabled()) {
                add(disabled, new NotEntitled());
            }
            if (!entitled) {
                for (AppRoleAssignment a : input.assignments()) {
                    if (a.isForUser() && userId.equals(a.principalId()) && !roleIds.contains(a.appRoleId())) {
                        add(roleNotDefined, new NotEntitled("through", "directly", "roleId", a.appRoleId(),
                                "principal", "the user"));
                    }
                }
                for (Group g : input.groups()) {
                    if (g.securityEnabled() && g.hasMember(userId)) {
                        for (AppRoleAssignment a : input.assignments()) {
                            if (a.isForGroup() && g.id().equals(a.principalId()) && !roleIds.contains(a.appRoleId())) {
                                add(groupRoleNotDefined, new NotEntitled("through",
                                        "through group `" + g.label() + "`", "roleId", a.appRoleId(),
                                        "principal", "group `" + g.label() + "`"));
                            }
                        }
                    }
                }
                for (AppRoleAssignment a : input.assignments()) {
                    if (a.isForGroup() && userId.equals(a.principalId())) {
                        add(principalNotGroup, new NotEntitled());
                    }
                }
                if (!app.isSyncAll()) {
                    for (Group inner : input.groups()) {
                        if (inner.hasMember(userId)) {
                            for (Group outer : input.groups()) {
                                if (outer.hasMember(inner.id()) && assigned(input, outer)) {
                                    add(nestedOnly, new NotEntitled("innerGroup", inner.label(),
                                            "assignedGroup", outer.label(),
                                            "chain", label + " → " + inner.label() + " → " + outer.label()));
                                }
                            }
                        }
                    }
                    for (Group g : input.groups()) {
                        if (!g.securityEnabled() && g.hasMember(userId) && assigned(input, g)) {
                            add(notSecurity, new NotEntitled("group", g.label()));
                        }
                    }
                    if (app.groups().enabled()) {
                        for (Group g : input.groups()) {
                            if (g.securityEnabled() && g.hasMember(userId) && !canMatch(g) && assigned(input, g)) {
                                add(groupIdMissing, new NotEntitled("group", g.label(),
                                        "attribute", groupMatchingAttribute));
                            }
                        }
                    }
                    if (!anyAssignment(input, true)) {
                        add(notAssigned, new NotEntitled());
                    }
                }
            }
            if (user.employeeType() != null && user.employeeType().equals("Contractor")) {
                add(contractors, new NotEntitled("employeeType", user.employeeType()));
            }
        }

        private void add(RuleInfo rule, Finding finding) {
            hits.add(new Hit(rule, finding));
            if (finding instanceof NotEntitled) {
                notEntitled = true;
            }
        }

        private void scopingStage() {
            for (ScopingFilter filter : app.scopingFilters()) {
                List<ClauseResult> results = new ArrayList<>();
                boolean passed = true;
                for (Clause clause : filter.clauses()) {
                    Object value = user.attribute(clause.attribute());
                    ClauseOutcome outcome = Operators.evaluate(clause.operator(), value, clause.value());
                    results.add(new ClauseResult(clause, value, outcome));
                    passed &= outcome.passed();
                    if (outcome == ClauseOutcome.REGEX_TIMED_OUT) {
                        warnings.add("regex of clause `" + clause.describe() + "` in filter `" + filter.title()
                                + "` ran past " + Operators.REGEX_DEADLINE_MS + " ms and counted as false; simplify the pattern");
                    } else if (outcome == ClauseOutcome.MULTI_VALUED) {
                        warnings.add("clause `" + clause.describe() + "` in filter `" + filter.title()
                                + "` tests a multi-valued attribute, which scoping filters do not support; it counted as false");
                    }
                }
                clauses.put(filter.ruleId(), results);
                if (passed) {
                    passedFilters.add(filter.ruleId());
                    hits.add(new Hit(rules.rule(filter.ruleId()), new InScope("filter", filter.title())));
                }
            }
            if (app.hasScopingFilters() && passedFilters.isEmpty()) {
                outOfScope = true;
                hits.add(new Hit(noFilterMatched, new OutOfScope()));
            }
        }

        private void processingStage() {
            boolean requirementFailed = !target.isLinked() && key == null;
            eligible = user.isActive() && entitled && !notEntitled && !outOfScope && !requirementFailed;
            if (eligible) {
                hits.add(new Hit(eligibleRule, new Eligible()));
            }
            boolean linked = target.isLinked();
            int count = target.getMatchCount();
            boolean differs = !diffs.isEmpty();
            var actions = app.targetActions();
            if (eligible && key != null && !linked) {
                String k = key.value();
                String t = key.target();
                if (count == 0) {
                    propose(actions.create() ? create : createNotEnabled, actions.create()
                            ? new ProposedAction(Action.CREATE, "key", k, "target", t) : new ProposedAction(Action.SKIP));
                } else if (count > 1) {
                    propose(duplicates, new ProposedAction(Action.SKIP, "key", k, "target", t, "count", count));
                } else if (differs && actions.update()) {
                    propose(linkAndUpdate, new ProposedAction(Action.UPDATE, "key", k, "target", t));
                }
            }
            if (eligible && linked && differs && actions.update()) {
                propose(update, new ProposedAction(Action.UPDATE));
            }
            if (eligible && (linked || count == 1) && differs && !actions.update()) {
                propose(updateNotEnabled, new ProposedAction(Action.SKIP));
            }
            if (eligible && (linked || count == 1) && !differs) {
                propose(redundant, new ProposedAction(Action.NONE));
            }
            if (linked && !eligible && !user.isHardDeleted()) {
                if (!target.isActiveInTarget()) {
                    propose(alreadyDisabled, new ProposedAction(Action.NONE));
                } else if (app.skipOutOfScopeDeletions()) {
                    propose(outOfScopeKept, new ProposedAction(Action.SKIP));
                } else if (actions.update()) {
                    propose(disable, new ProposedAction(Action.DISABLE));
                } else {
                    propose(disableNotEnabled, new ProposedAction(Action.SKIP));
                }
            }
            if (linked && user.isHardDeleted()) {
                propose(actions.delete() ? delete : deleteNotEnabled,
                        new ProposedAction(actions.delete() ? Action.DELETE : Action.SKIP));
            }
        }

        private void propose(RuleInfo rule, ProposedAction proposal) {
            hits.add(new Hit(rule, proposal));
        }

        Decision decision(String decisionId) {
            Action action = decisive == null ? Action.SKIP : ((ProposedAction) decisive.finding()).action();
            boolean excluded = !exclusions.isEmpty();
            RuleInfo cause = decisive == null ? (excluded ? exclusions.get(0).rule() : null)
                    : excluded && (action == Action.DISABLE || action == Action.DELETE) ? exclusions.get(0).rule()
                    : decisive.rule();
            String code = cause == null ? "NoRuleDecided" : cause.code();
            String entraCode = decisive != null ? decisive.rule().entraCode()
                    : cause == null ? "EntrySynchronizationSkipped" : cause.entraCode();
            List<Reason> reasons = reasons(excluded);
            boolean failure = decisive != null && decisive.rule().failure();
            String summary = summary(action, reasons, failure, decisive != null);
            AttributeFlow.Result flow = switch (action) {
                case CREATE -> AttributeFlow.forCreate(rules.mappings(), source);
                case UPDATE -> updateFlow;
                case DISABLE -> AttributeFlow.forUpdate(softDeleteMappings, source.softDeleted(true),
                        target.currentAttributes());
                case DELETE, SKIP, NONE -> updateFlow != null ? updateFlow : new AttributeFlow.Result(Map.of(), List.of(), List.of());
            };
            boolean writes = action == Action.CREATE || action == Action.UPDATE || action == Action.DISABLE;
            List<AttributeChange> changes = writes ? flow.changes() : List.of();
            Map<String, Object> attributes = new LinkedHashMap<>();
            if (writes) {
                for (AttributeChange change : changes) {
                    attributes.put(change.name(), change.newValue());
                }
            }
            List<Step> steps = List.of(importStep(), scopingStep(), matchingStep(),
                    processingStep(action, code, entraCode, summary, failure, flow.details()));
            return new Decision(decisionId, rules.revision(), app.name(), user.id(), action, code, entraCode, summary,
                    reasons, steps, changes, attributes, warnings);
        }

        private List<Reason> reasons(boolean excluded) {
            List<Reason> reasons = new ArrayList<>();
            for (Hit h : hits) {
                boolean proposal = h.finding() instanceof ProposedAction;
                if (proposal ? h == decisive : isExclusion(h.finding()) == excluded) {
                    if (h.finding() instanceof OutOfScope) {
                        for (RuleInfo filter : filterRules) {
                            if (!passedFilters.contains(filter.id())) {
                                StringBuilder failed = new StringBuilder();
                                for (ClauseResult c : clauses.getOrDefault(filter.id(), List.of())) {
                                    if (!c.outcome().passed()) {
                                        failed.append(failed.length() == 0 ? "" : "; ").append(c.describe());
                                    }
                                }
                                reasons.add(reason(filter, Map.of(), "fails ", failed.length() == 0 ? "" : " — " + failed));
                            }
                        }
                    }
                    reasons.add(reason(h.rule(), h.finding().values(), "passes ", ""));
                }
            }
            return reasons;
        }

        private Reason reason(RuleInfo rule, Map<String, String> values, String filterVerb, String suffix) {
            String message = fill(rule.reason(), values);
            if (rule.isScopingFilter()) {
                message = "`" + label + "` " + filterVerb + message;
            }
            return new Reason(rule.id(), rule.file(), rule.line(), rule.code(), rule.entraCode(), message + suffix,
                    fill(rule.fix(), values));
        }

        private String fill(String template, Map<String, String> values) {
            if (template == null || template.indexOf('{') < 0) {
                return template;
            }
            Matcher matcher = PLACEHOLDER.matcher(template);
            StringBuilder filled = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                String value = values.get(name);
                if (value == null) {
                    value = name.equals("user") ? label : name.equals("app") ? app.name() : matcher.group();
                }
                matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
            }
            return matcher.appendTail(filled).toString();
        }

        private String summary(Action action, List<Reason> reasons, boolean failure, boolean decidedByRule) {
            String name = app.name();
            String why = reasons.isEmpty() ? "no rule decided" : reasons.get(0).message();
            String last = reasons.isEmpty() ? why : reasons.get(reasons.size() - 1).message();
            return switch (action) {
                case CREATE -> "`" + label + "` will get a new account in `" + name + "`.";
                case UPDATE -> "`" + label + "`'s account in `" + name + "` will be updated: " + last + ".";
                case DISABLE -> "`" + label + "`'s account in `" + name + "` will be disabled: " + why + ".";
                case DELETE -> "`" + label + "`'s account in `" + name + "` will be deleted: " + why + ".";
                case NONE -> "Nothing to do for `" + label + "` in `" + name + "`: " + last + ".";
                case SKIP -> (failure ? "`" + label + "` cannot be provisioned to `" + name + "`: "
                        : "`" + label + "` is skipped for `" + name + "`: ") + (decidedByRule ? last : why)
                        + (!decidedByRule && reasons.size() > 1 ? " (and " + (reasons.size() - 1) + " more reason(s))." : ".");
            };
        }

        private Step importStep() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("id", user.id());
            details.put("userPrincipalName", user.userPrincipalName());
            for (AttributeMatch m : app.matching()) {
                details.put(m.source(), user.text(m.source()));
            }
            boolean failed = false;
            for (Hit h : exclusions) {
                if (h.rule().stage().step() == StepType.IMPORT) {
                    details.put("SkipReason", h.rule().entraCode());
                    failed = true;
                }
            }
            return new Step(StepType.IMPORT, "EntryImport", failed ? StepStatus.FAILURE : StepStatus.SUCCESS,
                    "Retrieved user `" + label + "` from the source directory", details);
        }

        private Step scopingStep() {
            boolean isEntitled = entitled && !notEntitled;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("IsActive", user.isActive());
            details.put("ScopeSyncAll", app.isSyncAll());
            details.put("Assigned", app.isSyncAll() || anyAssignment(input, false));
            details.put("IsEffectivelyEntitledForProvisioning", isEntitled);
            details.put("IsInProvisioningScope", isEntitled && !outOfScope && user.isActive());
            Map<String, Object> results = new LinkedHashMap<>();
            for (RuleInfo filter : filterRules) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("rule", filter.id());
                result.put("passed", passedFilters.contains(filter.id()));
                List<ClauseResult> ofFilter = clauses.getOrDefault(filter.id(), List.of());
                if (!ofFilter.isEmpty()) {
                    List<String> described = new ArrayList<>(ofFilter.size());
                    for (ClauseResult c : ofFilter) {
                        described.add(c.describe());
                    }
                    result.put("clauses", List.copyOf(described));
                }
                results.put(filter.filter(), result);
            }
            details.put("ScopeEvaluationResult", results);
            boolean failed = false;
            for (Hit h : exclusions) {
                failed |= h.rule().stage().step() == StepType.SCOPING;
            }
            int filters = filterRules.size();
            return new Step(StepType.SCOPING, "EntrySynchronizationScoping",
                    failed ? StepStatus.SKIPPED : StepStatus.SUCCESS,
                    "Determined whether `" + label + "` is in scope: active, assigned and "
                            + (filters == 0 ? "no scoping filter" : filters + " scoping filter(s)"), details);
        }

        private Step matchingStep() {
            Map<String, Object> details = new LinkedHashMap<>();
            if (target.isLinked()) {
                details.put("TargetId", target.linkedId());
                return new Step(StepType.MATCHING, "EntryLinked", StepStatus.SUCCESS,
                        "`" + label + "` is linked to target account `" + target.linkedId()
                                + "`; matching is not repeated", details);
            }
            if (key == null || !eligible) {
                return new Step(StepType.MATCHING, "EntryMatching", StepStatus.SKIPPED,
                        "Not matched: `" + label + "` is not in provisioning scope or has no matching value", details);
            }
            int count = target.getMatchCount();
            details.put("MatchingAttribute", key.source() + " → " + key.target());
            details.put("MatchingValue", key.value());
            details.put("TargetQueried", target.matches() != null);
            details.put("MatchCount", count);
            List<String> ids = new ArrayList<>();
            if (target.matches() != null) {
                for (TargetObject o : target.matches()) {
                    ids.add(o.id());
                }
            }
            details.put("MatchedIds", List.copyOf(ids));
            return new Step(StepType.MATCHING, "EntryMatching", count > 1 ? StepStatus.FAILURE : StepStatus.SUCCESS,
                    "Looked for " + key.target() + " `" + key.value() + "` in the target: " + count + " account(s) found",
                    details);
        }

        private Step processingStep(Action action, String code, String entraCode, String summary, boolean failure,
                                    List<AttributeFlow.Detail> mappings) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("Action", action.toString());
            details.put("Code", code);
            if (!mappings.isEmpty()) {
                details.put("Mappings", mappings);
            }
            if (action == Action.SKIP || action == Action.NONE) {
                details.put("SkipReason", entraCode);
            }
            StepStatus status = switch (action) {
                case CREATE, UPDATE, DISABLE, DELETE -> StepStatus.SUCCESS;
                case SKIP -> failure ? StepStatus.FAILURE : StepStatus.SKIPPED;
                case NONE -> StepStatus.SKIPPED;
            };
            String name = switch (action) {
                case CREATE -> "EntryExportAdd";
                case UPDATE -> "EntryExportUpdate";
                case DISABLE -> "EntryExportUpdateSoftDelete";
                case DELETE -> "EntryExportDelete";
                case SKIP, NONE -> "EntrySynchronizationSkip";
            };
            return new Step(StepType.PROCESSING, name, status, summary, details);
        }
    }

    private String roleLabel(String roleId) {
        return roleLabels.getOrDefault(roleId, roleId);
    }

    private static boolean isExclusion(Finding finding) {
        return finding instanceof NotEntitled || finding instanceof OutOfScope || finding instanceof RequirementFailed;
    }
}
