package io.provisor.rules;

/**
 * What an admin wrote about a rule, read from its metadata.
 *
 * @param id        stable id, {@code <stage>.<slug>}
 * @param file      rule file relative to the rules folder
 * @param line      line of the {@code rule} keyword
 * @param code      {@code @code}: PascalCase reason code
 * @param entraCode {@code @entraCode}, defaulting to the code
 * @param reason    {@code @reason}: one sentence, may hold {@code {placeholders}}
 * @param fix       {@code @fix}, or null
 * @param filter    {@code @filter}: title of the scoping filter the rule implements, or null
 * @param failure   {@code @status("failure")}: a processing rule whose proposal is a failure, not a skip
 * @param order     position in the rule set: files in path order, rules in file order
 */
public record RuleInfo(String id, RuleStage stage, String file, int line, String code, String entraCode,
                       String reason, String fix, String filter, boolean failure, int order) {

    RuleInfo at(int position) {
        return new RuleInfo(id, stage, file, line, code, entraCode, reason, fix, filter, failure, position);
    }

    public boolean isScopingFilter() {
        return stage == RuleStage.SCOPING && filter != null;
    }
}
