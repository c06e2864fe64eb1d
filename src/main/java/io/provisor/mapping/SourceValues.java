package io.provisor.mapping;

import io.provisor.mapping.expr.Expression;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * What mappings read: the user's attributes, the computed ones ({@code IsSoftDeleted}, {@code objectId},
 * {@code appRoleAssignments}), the clock and a random source for Now, Guid and RandomString.
 */
public record SourceValues(String objectId, Function<String, Object> attributes, List<Expression.AppRole> roles,
                           boolean softDeleted, Instant now, RandomGenerator random) implements Expression.Context {

    @Override
    public Object attribute(String name) {
        return switch (name) {
            case Computed.IS_SOFT_DELETED -> softDeleted;
            case Computed.OBJECT_ID -> objectId;
            case Computed.APP_ROLE_ASSIGNMENTS -> roles.stream().map(Expression.AppRole::value).toList();
            default -> attributes.apply(name);
        };
    }

    @Override
    public List<Expression.AppRole> appRoleAssignments() {
        return roles;
    }

    /** The same source, with IsSoftDeleted set as given. */
    public SourceValues softDeleted(boolean value) {
        return new SourceValues(objectId, attributes, roles, value, now, random);
    }
}
