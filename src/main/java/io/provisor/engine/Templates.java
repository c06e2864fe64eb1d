package io.provisor.engine;

import java.util.function.Function;

/** Fills the {@code {placeholders}} of a rule's {@code @reason} and {@code @fix}; unknown ones stay as written. */
final class Templates {

    private Templates() {
    }

    /**
     * Fills from a lookup (null: not known), so a caller with a few values of its own needs no map of them. Scans by
     * hand: a regex matcher per template was a measurable share of explaining each decision.
     */
    static String fill(String template, Function<String, String> values) {
        if (template == null || template.indexOf('{') < 0) {
            return template;
        }
        StringBuilder filled = new StringBuilder(template.length() + 32);
        int from = 0;
        for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', open + 1)) {
            int close = placeholderEnd(template, open);
            if (close < 0) {
                continue;
            }
            String value = values.apply(template.substring(open + 1, close));
            if (value != null) {
                filled.append(template, from, open).append(value);
                from = close + 1;
            }
            open = close;
        }
        return filled.append(template, from, template.length()).toString();
    }

    /** The index of the {@code }} closing a placeholder opened at {@code open}: a letter, then letters or digits. */
    private static int placeholderEnd(String template, int open) {
        int i = open + 1;
        if (i >= template.length() || !isAsciiLetter(template.charAt(i))) {
            return -1;
        }
        for (i++; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '}') {
                return i;
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9')) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
}
