package io.provisor.engine;

import io.provisor.mapping.AttributeFlow;
import io.provisor.model.Action;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import io.provisor.rules.RuleInfo;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.Eligible;
import io.provisor.rules.facts.Entitled;
import io.provisor.rules.facts.InScope;
import io.provisor.rules.facts.MatchKey;
import io.provisor.rules.facts.NotEntitled;
import io.provisor.rules.facts.OutOfScope;
import io.provisor.rules.facts.TargetObject;
import io.provisor.rules.facts.TargetState;
import io.provisor.rules.facts.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
        details.put("ScopeEvaluationResult", filterResults());
        List<Fired> failed = exclusionsOf(StepType.SCOPING);
        int filters = rules.scopingFilters().size();
        return new Step(StepType.SCOPING, "EntrySynchronizationScoping",
                failed.isEmpty() ? StepStatus.SUCCESS : StepStatus.SKIPPED,
                "Determined whether `" + input.user().label() + "` is in scope: active, assigned and "
                        + (filters == 0 ? "no scoping filter" : filters + " scoping filter(s)"), details);
    }

    private Map<String, Object> filterResults() {
        Set<String> passed = fired.stream().filter(f -> f.finding() instanceof InScope)
                .map(f -> f.rule().id()).collect(Collectors.toSet());
        Map<String, Object> results = new LinkedHashMap<>();
        for (RuleInfo filter : rules.scopingFilters()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rule", filter.id());
            result.put("passed", passed.contains(filter.id()));
            List<String> clauses = scope.clauses(filter.id()).stream().map(ScopeEvaluation.ClauseResult::describe).toList();
            if (!clauses.isEmpty()) {
                result.put("clauses", clauses);
            }
            results.put(filter.filter(), result);
        }
        return results;
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
        Set<String> groups = input.groups().stream().filter(g -> g.hasMember(userId)).map(g -> g.id())
                .collect(Collectors.toSet());
        return input.assignments().stream().anyMatch(a -> a.isForUser() ? userId.equals(a.principalId())
                : groups.contains(a.principalId()));
    }

    private boolean has(Class<?> type) {
        return fired.stream().anyMatch(f -> type.isInstance(f.finding()));
    }

    private List<Fired> exclusionsOf(StepType step) {
        return exclusions.stream().filter(f -> f.rule().stage().step() == step).toList();
    }
}
