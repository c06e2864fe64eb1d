package io.provisor.mapping.expr;

import java.util.Set;

/**
 * PCase: the first letter of each word upper case, every other letter lower case. Without separators
 * given, words are separated by the Unicode categories .NET's ToTitleCase uses (spaces, controls,
 * punctuation and symbols); with separators given, by those characters only. Choice: an empty separator
 * string means no separators, so only the first letter is raised.
 */
final class ProperCase {

    private static final Set<Integer> SEPARATING_CATEGORIES = Set.of(
            (int) Character.SPACE_SEPARATOR, (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR,
            (int) Character.CONTROL, (int) Character.FORMAT,
            (int) Character.CONNECTOR_PUNCTUATION, (int) Character.DASH_PUNCTUATION,
            (int) Character.START_PUNCTUATION, (int) Character.END_PUNCTUATION,
            (int) Character.INITIAL_QUOTE_PUNCTUATION, (int) Character.FINAL_QUOTE_PUNCTUATION,
            (int) Character.OTHER_PUNCTUATION, (int) Character.MATH_SYMBOL, (int) Character.CURRENCY_SYMBOL,
            (int) Character.MODIFIER_SYMBOL, (int) Character.OTHER_SYMBOL);

    private ProperCase() {
    }

    static String apply(String text, String separators) {
        StringBuilder out = new StringBuilder(text.length());
        boolean wordStart = true;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (separators == null ? SEPARATING_CATEGORIES.contains(Character.getType(c)) : separators.indexOf(c) >= 0) {
                out.appendCodePoint(c);
                wordStart = true;
            } else {
                out.appendCodePoint(wordStart ? Character.toTitleCase(c) : Character.toLowerCase(c));
                wordStart = false;
            }
        }
        return out.toString();
    }
}
