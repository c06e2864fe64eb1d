package io.provisor.engine;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills the {@code {placeholders}} of a rule's {@code @reason} and {@code @fix}; unknown ones stay as written. */
final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private Templates() {
    }

    static String fill(String template, Map<String, String> values) {
        if (template == null || template.indexOf('{') < 0) {
            return template;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        return matcher.appendTail(filled).toString();
    }
}
