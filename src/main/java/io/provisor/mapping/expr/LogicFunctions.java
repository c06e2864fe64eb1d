package io.provisor.mapping.expr;

import java.util.List;
import java.util.Objects;

/** Conditions, choices and tests for presence. */
final class LogicFunctions {

    private LogicFunctions() {
    }

    static List<FunctionSpec> all() {
        return List.of(
                FunctionSpec.of("IIF", 3, LogicFunctions::iif),
                FunctionSpec.of("Switch", 4, FunctionSpec.VARIADIC, LogicFunctions::switchOn).omittable(1)
                        .checked(LogicFunctions::checkSwitch),
                FunctionSpec.of("Coalesce", 1, FunctionSpec.VARIADIC, LogicFunctions::coalesce),
                FunctionSpec.of("CBool", 1, LogicFunctions::cBool),
                FunctionSpec.of("Not", 1, args -> !Boolean.TRUE.equals(Values.bool(args.single(0)))),
                FunctionSpec.of("IsNull", 1, args -> isNull(args.value(0))),
                FunctionSpec.of("IsNullOrEmpty", 1, args -> Values.isNullOrEmpty(args.value(0))),
                FunctionSpec.of("IsPresent", 1, args -> !Values.isNullOrEmpty(args.value(0))),
                FunctionSpec.of("IsString", 1, args -> args.value(0) instanceof String),
                FunctionSpec.of("IgnoreFlowIfNullOrEmpty", 1, LogicFunctions::ignoreFlowIfNullOrEmpty),
                FunctionSpec.of("SelectUniqueValue", 2, FunctionSpec.VARIADIC, LogicFunctions::selectUniqueValue));
    }

    /** Absent; a multi-valued attribute with no values counts as absent too. */
    private static boolean isNull(Object value) {
        return value == null || value instanceof List<?> list && list.isEmpty();
    }

    /**
     * The documented limitation is reproduced: when an attribute read in the condition is null or empty,
     * the condition check fails and IIF gives null (so the attribute does not flow); Switch is the way
     * to test for empty values. Only the branch taken is evaluated.
     */
    private static Object iif(Args args) {
        for (String name : args.attributesIn(0)) {
            if (Values.isNullOrEmpty(Values.fromAttribute(args.context().attribute(name)))) {
                return null;
            }
        }
        return args.value(truth(args, 0) ? 1 : 2);
    }

    /** True/False as a Boolean, as text in any case, or a number (non-zero is true); null is false. */
    private static boolean truth(Args args, int index) {
        Object value = args.single(index);
        if (value == null || "".equals(value)) {
            return false;
        }
        Boolean truth = Values.bool(value);
        if (truth == null) {
            throw args.invalid(index, Values.quote(value) + " is neither True, False nor a number");
        }
        return truth;
    }

    private static Object cBool(Args args) {
        return truth(args, 0);
    }

    /**
     * The value of the first key equal, case-sensitively, to the source; otherwise the default (null
     * when left out). Choice: a null source matches the key "", as the doc's advice to test for empty
     * values with a "" key implies for absent ones.
     */
    private static Object switchOn(Args args) {
        String source = Objects.requireNonNullElse(args.text(0), "");
        for (int i = 2; i + 1 < args.count(); i += 2) {
            if (source.equals(Objects.requireNonNullElse(args.text(i), ""))) {
                return args.value(i + 1);
            }
        }
        return args.value(1);
    }

    private static void checkSwitch(Call call) {
        if (call.args().size() % 2 != 0) {
            throw new ExpressionError("argument_count", "`Switch` takes an even number of arguments: the source, "
                    + "the default, then pairs of key and value; got " + call.args().size(), call.offset());
        }
    }

    /** The first argument that is not null; the last one serves as the default. Empty strings count. */
    private static Object coalesce(Args args) {
        for (int i = 0; i < args.count(); i++) {
            Object value = args.value(i);
            if (!isNull(value)) {
                return value;
            }
        }
        return null;
    }

    private static Object ignoreFlowIfNullOrEmpty(Args args) {
        Object value = args.value(0);
        return Values.isNullOrEmpty(value) ? Expression.IGNORE : value;
    }

    /**
     * The first candidate the target does not hold yet, asking {@link Expression.Context#valueTaken}.
     * Must be the whole expression (checked at parse time). Choices: null and empty candidates are
     * skipped, and none left gives null; when every candidate is taken the evaluation fails with
     * {@code no_unique_value}, the caller's cue to escrow the entry, as Entra does.
     */
    private static Object selectUniqueValue(Args args) {
        boolean anyCandidate = false;
        for (int i = 0; i < args.count(); i++) {
            String candidate = args.text(i);
            if (candidate == null || candidate.isEmpty()) {
                continue;
            }
            anyCandidate = true;
            if (!args.context().valueTaken(candidate)) {
                return candidate;
            }
        }
        if (anyCandidate) {
            throw args.error("no_unique_value", "every value `SelectUniqueValue` generated is already taken in the target");
        }
        return null;
    }
}
