package io.provisor.mapping.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Guid and RandomString, drawing only on the context's random source so that tests can seed it. */
final class RandomFunctions {

    private static final int MAX_LENGTH = 256;
    private static final String DIGITS = "0123456789";
    /** The non-alphanumeric characters of the Windows password-complexity rule the doc points to. */
    private static final String SPECIALS = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/";
    private static final String CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER_CASE = "abcdefghijklmnopqrstuvwxyz";
    private static final List<String> CLASSES = List.of(DIGITS, SPECIALS, CAPITALS, LOWER_CASE);
    private static final List<String> CLASS_NAMES = List.of("numbers", "special characters", "capitals", "lower-case letters");

    private RandomFunctions() {
    }

    static List<FunctionSpec> all() {
        return List.of(
                FunctionSpec.of("Guid", 0, args -> guid(args.context().random())),
                FunctionSpec.of("RandomString", 5, 6, RandomFunctions::randomString).checked(RandomFunctions::check));
    }

    /** A version 4 GUID in lower case, as "00aa00aa-bb11-cc22-dd33-44ee44ee44ee". */
    static String guid(RandomGenerator random) {
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /**
     * Length characters with at least the minimum of each class; the rest are drawn from every class
     * (choice: a minimum of 0 does not forbid a class; CharactersToAvoid does), then all are shuffled.
     * Choice: lengths over 256, negative counts, minimums that add up to more than the length, and
     * avoided characters that empty a class still needed are errors.
     */
    private static Object randomString(Args args) {
        long[] counts = new long[5];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = args.requiredInteger(i);
        }
        String avoid = args.text(5);
        String problem = problem(counts, avoid == null ? "" : avoid);
        if (problem != null) {
            throw args.invalid(0, problem);
        }
        List<String> classes = allowed(avoid == null ? "" : avoid);
        RandomGenerator random = args.context().random();
        List<Character> chosen = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (long n = 0; n < counts[c + 1]; n++) {
                chosen.add(pick(classes.get(c), random));
            }
        }
        String pool = String.join("", classes);
        while (chosen.size() < counts[0]) {
            chosen.add(pick(pool, random));
        }
        for (int i = chosen.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            chosen.set(j, chosen.set(i, chosen.get(j)));
        }
        StringBuilder out = new StringBuilder(chosen.size());
        chosen.forEach(out::append);
        return out.toString();
    }

    private static void check(Call call) {
        long[] counts = new long[5];
        for (int i = 0; i < counts.length; i++) {
            Long count = call.literal(i).map(Values::integer).orElse(null);
            if (count == null) {
                return;
            }
            counts[i] = count;
        }
        String avoid = call.literal(5).map(Values::text).orElse("");
        String problem = problem(counts, avoid);
        if (problem != null) {
            throw call.invalid(0, problem);
        }
    }

    private static String problem(long[] counts, String avoid) {
        for (long count : counts) {
            if (count < 0) {
                return "`RandomString` counts cannot be negative";
            }
        }
        if (counts[0] > MAX_LENGTH) {
            return "`RandomString` makes at most " + MAX_LENGTH + " characters, not " + counts[0];
        }
        long minimums = 0;
        for (int i = 1; i < counts.length; i++) {
            minimums += Math.min(counts[i], MAX_LENGTH + 1);
        }
        if (minimums > counts[0]) {
            return "the minimums add up to more than the length " + counts[0];
        }
        List<String> classes = allowed(avoid);
        for (int c = 0; c < classes.size(); c++) {
            if (counts[c + 1] > 0 && classes.get(c).isEmpty()) {
                return "the characters to avoid leave no " + CLASS_NAMES.get(c) + " to choose from";
            }
        }
        if (counts[0] > minimums && String.join("", classes).isEmpty()) {
            return "the characters to avoid leave nothing to choose from";
        }
        return null;
    }

    private static List<String> allowed(String avoid) {
        return CLASSES.stream().map(chars -> chars.chars().filter(c -> avoid.indexOf(c) < 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()).toList();
    }

    private static char pick(String chars, RandomGenerator random) {
        return chars.charAt(random.nextInt(chars.length()));
    }
}
