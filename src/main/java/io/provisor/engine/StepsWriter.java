package io.provisor.engine;

import io.provisor.mapping.AttributeFlow;
import io.provisor.model.Action;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import io.provisor.rules.RuleInfo;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Eligible;
import io.provisor.rules.facts.Entitled;
import io.provisor.rules.facts.Group;
import io.provisor.rules.facts.InScope;
import io.provisor.rules.facts.MatchKey;
import io.provisor.rules.facts.NotEntitled;
import io.provisor.rules.facts.OutOfScope;
import io.provisor.rules.facts.TargetObject;
import io.provisor.rules.facts.TargetState;
import io.provisor.rules.facts.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the four steps of an explanation in Entra's order, with the details Entra's logs show. */
final class StepsWriter {

    private final RuleSet rules;
    private final EvaluationInput input;
    private final List<Fired> fired;
    private final List<Fired> exclusions;
    private final ScopeEvaluation scope;

    StepsWriter(RuleSet rules, EvaluationInput input, List<Fired> fired, List<Fired> exclusions, ScopeEvaluation scope) {
        this.rules = rules;
        this.input = input;
        this.fired = fired;
        this.exclusions = exclusions;
        this.scope = scope;
    }

    List<Step> write(Action action, String code, String entraCode, String summary, boolean failure,
                     List<AttributeFlow.Detail> mappings) {
        return List.of(importStep(), scopingStep(), matchingStep(),
                processingStep(action, code, entraCode, summary, failure, mappings));
    }

    private Step importStep() {
        User user = input.user();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", user.id());
        details.put("userPrincipalName", user.userPrincipalName());
        rules.app().matching().forEach(m -> details.put(m.source(), user.text(m.source())));
        List<Fired> failed = exclusionsOf(StepType.IMPORT);
        failed.forEach(f -> details.put("SkipReason", f.rule().entraCode()));
        return new Step(StepType.IMPORT, "EntryImport", failed.isEmpty() ? StepStatus.SUCCESS : StepStatus.FAILURE,
                "Retrieved user `" + user.label() + "` from the source directory", details);
    }

    private Step scopingStep() {
        boolean entitled = has(Entitled.class) && !has(NotEntitled.class);
        boolean inScope = !has(OutOfScope.class);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("IsActive", input.user().isActive());
        details.put("ScopeSyncAll", rules.app().isSyncAll());
        details.put("Assigned", rules.app().isSyncAll() || hasAssignment());
        details.put("IsEffectivelyEntitledForProvisioning", entitled);
        details.put("IsInProvisioningScope", entitled && inScope && input.user().isActive());
        List<RuleInfo> filterRules = rules.scopingFilters();
        details.put("ScopeEvaluationResult", filterResults(filterRules));
        List<Fired> failed = exclusionsOf(StepType.SCOPING);
        int filters = filterRules.size();
        return new Step(StepType.SCOPING, "EntrySynchronizationScoping",
                failed.isEmpty() ? StepStatus.SUCCESS : StepStatus.SKIPPED,
                "Determined whether `" + input.user().label() + "` is in scope: active, assigned and "
                        + (filters == 0 ? "no scoping filter" : filters + " scoping filter(s)"), details);
    }

    private Map<String, Object> filterResults(List<RuleInfo> filters) {
        Map<String, Object> results = new LinkedHashMap<>();
        for (RuleInfo filter : filters) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rule", filter.id());
            result.put("passed", passed(filter.id()));
            List<ScopeEvaluation.ClauseResult> clauses = scope.clauses(filter.id());
            if (!clauses.isEmpty()) {
                List<String> described = new ArrayList<>(clauses.size());
                clauses.forEach(clause -> described.add(clause.describe()));
                result.put("clauses", described);
            }
            results.put(filter.filter(), result);
        }
        return results;
    }

    /** Whether the user passed this scoping filter's rule. An app has few filters: a scan of the findings each costs less than a set. */
    private boolean passed(String filterRuleId) {
        for (Fired f : fired) {
            if (f.finding() instanceof InScope && f.rule().id().equals(filterRuleId)) {
                return true;
            }
        }
        return false;
    }

    private Step matchingStep() {
        TargetState target = input.target();
        Map<String, Object> details = new LinkedHashMap<>();
        if (target.isLinked()) {
            details.put("TargetId", target.linkedId());
            return new Step(StepType.MATCHING, "EntryLinked", StepStatus.SUCCESS,
                    "`" + input.user().label() + "` is linked to target account `" + target.linkedId()
                            + "`; matching is not repeated", details);
        }
        MatchKey key = fired.stream().map(Fired::finding).filter(MatchKey.class::isInstance).map(MatchKey.class::cast)
                .findFirst().orElse(null);
        if (key == null || !has(Eligible.class)) {
            return new Step(StepType.MATCHING, "EntryMatching", StepStatus.SKIPPED,
                    "Not matched: `" + input.user().label() + "` is not in provisioning scope or has no matching value", details);
        }
        int count = target.getMatchCount();
        details.put("MatchingAttribute", key.source() + " → " + key.target());
        details.put("MatchingValue", key.value());
        details.put("TargetQueried", target.matches() != null);
        details.put("MatchCount", count);
        details.put("MatchedIds", target.matches() == null ? List.of() : target.matches().stream().map(TargetObject::id).toList());
        return new Step(StepType.MATCHING, "EntryMatching", count > 1 ? StepStatus.FAILURE : StepStatus.SUCCESS,
                "Looked for " + key.target() + " `" + key.value() + "` in the target: " + count + " account(s) found", details);
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

    /** An assignment names the user, or a group the user is a direct member of (valid or not). */
    private boolean hasAssignment() {
        String userId = input.user().id();
        for (AppRoleAssignment a : input.assignments()) {
            if (a.isForUser() ? userId.equals(a.principalId()) : isDirectMemberOf(a.principalId(), userId)) {
                return true;
            }
        }
        return false;
    }

    private boolean isDirectMemberOf(String groupId, String userId) {
        for (Group g : input.groups()) {
            if (g.id().equals(groupId) && g.hasMember(userId)) {
                return true;
            }
        }
        return false;
    }

    private boolean has(Class<?> type) {
        for (Fired f : fired) {
            if (type.isInstance(f.finding())) {
                return true;
            }
        }
        return false;
    }

    private List<Fired> exclusionsOf(StepType step) {
        if (exclusions.isEmpty()) {
            return List.of();
        }
        return exclusions.stream().filter(f -> f.rule().stage().step() == step).toList();
    }
}
