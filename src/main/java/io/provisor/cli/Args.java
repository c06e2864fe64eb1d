package io.provisor.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command's options ({@code --name value}) and positional arguments, checked against what it accepts. */
record Args(Map<String, String> options, List<String> positional) {

    static Args parse(List<String> words, Set<String> accepted) {
        Map<String, String> options = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("--")) {
                String name = word.substring(2);
                if (!accepted.contains(name)) {
                    throw new UsageException("unknown option `" + word + "`");
                }
                if (i + 1 >= words.size()) {
                    throw new UsageException("option `" + word + "` needs a value");
                }
                options.put(name, words.get(++i));
            } else {
                positional.add(word);
            }
        }
        return new Args(options, positional);
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new UsageException("option `--" + name + "` is required");
        }
        return value;
    }

    int intOption(String name, int fallback) {
        String value = options.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("option `--" + name + "` must be a number, not `" + value + "`");
        }
    }
}
