package io.provisor.rules;

import io.provisor.mapping.AttributeMapping;
import io.provisor.mapping.expr.Expression;
import io.provisor.model.TargetPath;
import io.provisor.rules.facts.AttributeMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Keeps one source of truth for matching: the mappings marked {@code matching}, or the legacy list. */
final class Mappings {

    private Mappings() {
    }

    /** The matching attributes the mappings declare, in precedence order. */
    static List<AttributeMatch> matching(List<AttributeMapping> mappings) {
        List<AttributeMatch> matching = new ArrayList<>();
        mappings.stream().filter(AttributeMapping::isMatching).sorted(Comparator.comparingInt(AttributeMapping::matching))
                .forEach(m -> matching.add(new AttributeMatch(matching.size() + 1, m.source(), m.target().text(), m.target())));
        return matching;
    }

    /**
     * For an app without {@code mappings}: its matching attributes mapped directly, and {@code active}
     * from {@code Not([IsSoftDeleted])}, as Entra's SCIM defaults do.
     */
    static List<AttributeMapping> defaults(List<AttributeMatch> matching) {
        List<AttributeMapping> mappings = new ArrayList<>();
        for (AttributeMatch match : matching) {
            mappings.add(new AttributeMapping(match.path(), AttributeMapping.Type.DIRECT, match.source(), null, null, null,
                    AttributeMapping.Apply.ALWAYS, match.precedence()));
        }
        mappings.add(new AttributeMapping(TargetPath.parse("active"), AttributeMapping.Type.EXPRESSION, null, null,
                Expression.parse("Not([IsSoftDeleted])", name -> name.equals("IsSoftDeleted")), null,
                AttributeMapping.Apply.ALWAYS, 0));
        return mappings;
    }
}
