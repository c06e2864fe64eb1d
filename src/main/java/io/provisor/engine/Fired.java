package io.provisor.engine;

import io.provisor.rules.RuleInfo;
import io.provisor.rules.facts.Finding;

/** A derived fact still true after the rules fired, with the rule that derived it. */
record Fired(RuleInfo rule, Finding finding) {
}
