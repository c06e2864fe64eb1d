package io.provisor.engine;

import io.provisor.mapping.AttributeFlow;
import io.provisor.model.Action;
import io.provisor.model.AttributeChange;
import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.rules.RuleInfo;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.InScope;
import io.provisor.rules.facts.NotEntitled;
import io.provisor.rules.facts.OutOfScope;
import io.provisor.rules.facts.ProposedAction;
import io.provisor.rules.facts.RequirementFailed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the facts the rules derived into a decision. The engine, not the DRL, settles conflicts:
 * exclusions beat inclusions, the strongest proposal wins, and with no proposal the user is skipped
 * with every failed condition listed.
 */
final class DecisionAssembler {

    private final RuleSet rules;
    private final EvaluationInput input;
    private final List<Fired> fired;
    private final AttributeFlows flows;
    private final List<Fired> exclusions;
    private final Fired decisive;
    private ScopeEvaluation scope;

    DecisionAssembler(RuleSet rules, EvaluationInput input, List<Fired> fired, AttributeFlows flows) {
        this.rules = rules;
        this.input = input;
        this.fired = fired;
        this.flows = flows;
        this.exclusions = fired.stream().filter(DecisionAssembler::isExclusion).toList();
        this.decisive = strongestProposal();
    }

    /** What the rules found, in firing order; kept by a provisional decision for its confirmation. */
    List<Fired> fired() {
        return fired;
    }

    AttributeFlows flows() {
        return flows;
    }

    static boolean isExclusion(Fired f) {
        return f.finding() instanceof NotEntitled || f.finding() instanceof OutOfScope
                || f.finding() instanceof RequirementFailed;
    }

    private Fired strongestProposal() {
        Fired best = null;
        for (Fired f : fired) {
            if (f.finding() instanceof ProposedAction proposal && allowed(proposal.action())
                    && (best == null || proposal.action().outranks(action(best)))) {
                best = f;
            }
        }
        return best;
    }

    /**
     * Exclusion beats inclusion: no create or update for a user that any rule excluded. A disable or
     * delete needs an account: the linked one, or the only one matched.
     */
    private boolean allowed(Action action) {
        if (action == Action.DISABLE || action == Action.DELETE) {
            return input.target().isLinked() || input.target().getMatchCount() == 1;
        }
        return exclusions.isEmpty() || (action != Action.CREATE && action != Action.UPDATE);
    }

    private static Action action(Fired proposal) {
        return ((ProposedAction) proposal.finding()).action();
    }

    /** What the decision comes to, without writing its explanation. */
    Outcome outcome() {
        Action action = decisive == null ? Action.SKIP : action(decisive);
        RuleInfo cause = cause(action);
        List<String> ruleIds = new ArrayList<>();
        for (Fired f : reasonFindings()) {
            if (f.finding() instanceof OutOfScope) {
                failedFilters().forEach(filter -> ruleIds.add(filter.id()));
            }
            ruleIds.add(f.rule().id());
        }
        return new Outcome(action, cause == null ? "NoRuleDecided" : cause.code(), ruleIds);
    }

    /** What {@code action} would write, as {@link Verdict#writes}, without the decision around it. */
    Map<String, Object> writes(Action action) {
        return isWrite(action) ? flows.forAction(action).attributes() : Map.of();
    }

    private static boolean isWrite(Action action) {
        return action == Action.CREATE || action == Action.UPDATE || action == Action.DISABLE;
    }

    Verdict assemble(String decisionId) {
        scope = new ScopeEvaluation(rules.app().scopingFilters(), input.user());
        Action action = decisive == null ? Action.SKIP : action(decisive);
        RuleInfo cause = cause(action);
        String code = cause == null ? "NoRuleDecided" : cause.code();
        String entraCode = decisive != null ? decisive.rule().entraCode()
                : cause == null ? "EntrySynchronizationSkipped" : cause.entraCode();
        List<Reason> reasons = reasons();
        boolean failure = decisive != null && decisive.rule().failure();
        String summary = Summaries.of(action, label(), rules.app().name(), reasons, failure, decisive != null);
        AttributeFlow.Result flow = flows.forAction(action);
        boolean writes = isWrite(action);
        List<AttributeChange> changes = writes ? flow.changes() : List.of();
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (writes) {
            changes.forEach(change -> attributes.put(change.name(), change.newValue()));
        }
        var steps = new StepsWriter(rules, input, fired, exclusions, scope).write(action, code, entraCode, summary, failure,
                flow.details());
        Decision decision = new Decision(decisionId, rules.revision(), rules.app().name(), input.user().id(), action, code,
                entraCode, summary, reasons, steps, changes, attributes, scope.warnings());
        return new Verdict(decision, writes ? flow.attributes() : Map.of());
    }

    /** The most specific cause: the first exclusion for skips, disables and deletes, else the deciding rule. */
    private RuleInfo cause(Action action) {
        boolean excluded = !exclusions.isEmpty();
        if (decisive == null) {
            return excluded ? exclusions.get(0).rule() : null;
        }
        if (excluded && (action == Action.DISABLE || action == Action.DELETE)) {
            return exclusions.get(0).rule();
        }
        return decisive.rule();
    }

    /** The findings the decision cites: the deciding proposal, and the exclusions when there are any (else the inclusions). */
    private List<Fired> reasonFindings() {
        boolean excluded = !exclusions.isEmpty();
        return fired.stream().filter(f -> f.finding() instanceof ProposedAction ? f == decisive : isExclusion(f) == excluded)
                .toList();
    }

    private List<Reason> reasons() {
        List<Reason> reasons = new ArrayList<>();
        for (Fired f : reasonFindings()) {
            if (f.finding() instanceof OutOfScope) {
                for (RuleInfo filter : failedFilters()) {
                    String failed = scope.clauses(filter.id()).stream().filter(c -> !c.outcome().passed())
                            .map(ScopeEvaluation.ClauseResult::describe).collect(Collectors.joining("; "));
                    reasons.add(reason(filter, Map.of(), "fails ", failed.isEmpty() ? "" : " — " + failed));
                }
            }
            reasons.add(reason(f.rule(), f.finding().values(), "passes ", ""));
        }
        return reasons;
    }

    /** The scoping filters the user fails (one reason each, with the clauses that were false). */
    private List<RuleInfo> failedFilters() {
        Set<String> passed = new HashSet<>();
        for (Fired f : fired) {
            if (f.finding() instanceof InScope) {
                passed.add(f.rule().id());
            }
        }
        // the app lists its filter rules' ids in load order: no walk over every rule of the set
        List<RuleInfo> failed = new ArrayList<>();
        for (String id : rules.app().scopingRules()) {
            if (!passed.contains(id)) {
                failed.add(rules.rule(id));
            }
        }
        return failed;
    }

    /** A rule's reason with its placeholders filled; a scoping filter's reads "`user` passes/fails ...". */
    private Reason reason(RuleInfo rule, Map<String, String> values, String filterVerb, String suffix) {
        String label = label();
        Function<String, String> all = name -> {
            String value = values.get(name);
            if (value != null) {
                return value;
            }
            return name.equals("user") ? label : name.equals("app") ? rules.app().name() : null;
        };
        String message = Templates.fill(rule.reason(), all);
        if (rule.isScopingFilter()) {
            message = "`" + label + "` " + filterVerb + message;
        }
        return new Reason(rule.id(), rule.file(), rule.line(), rule.code(), rule.entraCode(), message + suffix,
                Templates.fill(rule.fix(), all));
    }

    private String label() {
        return input.user().label();
    }
}
