package io.provisor.sandbox;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resource ids by one attribute's value, compared without case. Lookups may return ids whose value differs in
 * case; the SDK's filter evaluation that follows decides the exact match (userName ignores case, externalId does not).
 */
final class ValueIndex {

    private final ConcurrentHashMap<String, Set<String>> ids = new ConcurrentHashMap<>();

    void add(String value, String id) {
        ids.computeIfAbsent(key(value), k -> ConcurrentHashMap.newKeySet()).add(id);
    }

    void remove(String value, String id) {
        ids.computeIfPresent(key(value), (k, set) -> {
            set.remove(id);
            return set.isEmpty() ? null : set;
        });
    }

    Set<String> get(String value) {
        return ids.getOrDefault(key(value), Set.of());
    }

    void clear() {
        ids.clear();
    }

    private static String key(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
