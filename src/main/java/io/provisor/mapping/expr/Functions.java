package io.provisor.mapping.expr;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The one table of every function, by its case-sensitive name. */
final class Functions {

    private static final Map<String, FunctionSpec> TABLE = Stream.of(
                    StringFunctions.all(), ReplaceFunction.all(), MultiValueFunctions.all(), ConversionFunctions.all(),
                    LogicFunctions.all(), DateFunctions.all(), RandomFunctions.all(), RoleFunctions.all())
            .flatMap(List::stream)
            .collect(Collectors.toUnmodifiableMap(FunctionSpec::name, Function.identity()));

    private Functions() {
    }

    static Optional<FunctionSpec> find(String name) {
        return Optional.ofNullable(TABLE.get(name));
    }

    static Set<String> names() {
        return TABLE.keySet();
    }
}
