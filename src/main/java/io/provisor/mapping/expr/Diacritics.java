package io.provisor.mapping.expr;

import java.text.Normalizer;
import java.util.Map;

/**
 * NormalizeDiacritics. Decomposing and dropping the combining accents (U+0300 to U+036F) covers every
 * accented letter of the documented table; the letters that do not decompose are mapped by hand, as
 * the table maps them (æ to ae, ø to oe, ß to ss, ł to l, ı to i). Choices: đ to d and œ to oe as well;
 * accents are dropped from Latin letters only, so Greek, Cyrillic and other scripts are left as they are.
 */
final class Diacritics {

    private static final Map<Character, String> LETTERS = Map.ofEntries(
            Map.entry('æ', "ae"), Map.entry('Æ', "AE"), Map.entry('ø', "oe"), Map.entry('Ø', "OE"),
            Map.entry('œ', "oe"), Map.entry('Œ', "OE"), Map.entry('ß', "ss"), Map.entry('ł', "l"),
            Map.entry('Ł', "L"), Map.entry('ı', "i"), Map.entry('đ', "d"), Map.entry('Đ', "D"));

    private Diacritics() {
    }

    static String normalize(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean afterLatin = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            boolean accent = c >= '\u0300' && c <= '\u036F';
            if (accent && afterLatin) {
                continue;
            }
            if (!accent) {
                afterLatin = Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN;
            }
            String replacement = LETTERS.get(c);
            if (replacement != null) {
                out.append(replacement);
            } else {
                out.append(c);
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }
}
