package io.provisor.rules;

import io.provisor.model.StepType;
import java.util.Locale;

/** The stage a rule belongs to, read from its id ({@code <stage>.<slug>}), and the log step it explains. */
public enum RuleStage {
    IMPORT(StepType.IMPORT),
    ENTITLEMENT(StepType.SCOPING),
    SCOPING(StepType.SCOPING),
    MATCHING(StepType.MATCHING),
    PROCESSING(StepType.PROCESSING);

    private final StepType step;

    RuleStage(StepType step) {
        this.step = step;
    }

    public StepType step() {
        return step;
    }

    /** The stage named by a rule id's prefix, or null. */
    public static RuleStage ofRuleId(String ruleId) {
        int dot = ruleId.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String prefix = ruleId.substring(0, dot).toUpperCase(Locale.ROOT);
        for (RuleStage stage : values()) {
            if (stage.name().equals(prefix)) {
                return stage;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
