package io.provisor.mapping.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/** Functions over multi-valued attributes. A single value counts as a list of one. */
final class MultiValueFunctions {

    private MultiValueFunctions() {
    }

    static List<FunctionSpec> all() {
        return List.of(
                FunctionSpec.of("Count", 1, MultiValueFunctions::count),
                FunctionSpec.of("Item", 2, MultiValueFunctions::item).checked(MultiValueFunctions::checkItem),
                FunctionSpec.of("RemoveDuplicates", 1, MultiValueFunctions::removeDuplicates),
                FunctionSpec.of("Split", 2, MultiValueFunctions::split).checked(MultiValueFunctions::checkSplit));
    }

    /** The number of values. Choice: null and "" count 0, any other single value 1. */
    private static Object count(Args args) {
        Object value = args.value(0);
        if (value instanceof List<?> list) {
            return (long) list.size();
        }
        return Values.isNullOrEmpty(value) ? 0L : 1L;
    }

    /** The value at a 1-based index. Choice: an index past either end gives null; a literal below 1 is rejected. */
    private static Object item(Args args) {
        List<?> values = args.values(0);
        long index = args.requiredInteger(1);
        return index < 1 || index > values.size() ? null : values.get((int) index - 1);
    }

    private static void checkItem(Call call) {
        call.literal(1).map(Values::integer).filter(index -> index < 1)
                .ifPresent(index -> { throw call.invalid(1, "`Item` counts from 1, so the index cannot be " + index); });
    }

    /** The values without repeats, first occurrence kept. Choice: case-sensitive, as SMTP: and smtp: differ. */
    private static Object removeDuplicates(Args args) {
        Object value = args.value(0);
        return value instanceof List<?> list ? Collections.unmodifiableList(new ArrayList<>(new LinkedHashSet<>(list))) : value;
    }

    /**
     * The source cut at each occurrence of the delimiter (a literal string, not a pattern). Choice: each
     * piece is trimmed and empty pieces are dropped, which the doc's example output implies
     * ("PermissionSetOne, PermissionSetTwo" gives "PermissionSetTwo" without its space).
     */
    private static Object split(Args args) {
        String text = args.text(0);
        String delimiter = args.text(1);
        if (delimiter == null || delimiter.isEmpty()) {
            throw args.invalid(1, "`Split` needs a delimiter that is not empty");
        }
        if (text == null) {
            return null;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(delimiter, start);
            String piece = text.substring(start, end < 0 ? text.length() : end).strip();
            if (!piece.isEmpty()) {
                pieces.add(piece);
            }
            if (end < 0) {
                break;
            }
            start = end + delimiter.length();
        }
        return List.copyOf(pieces);
    }

    private static void checkSplit(Call call) {
        call.literal(1).filter(""::equals)
                .ifPresent(empty -> { throw call.invalid(1, "`Split` needs a delimiter that is not empty"); });
    }
}
