package io.provisor.engine;

import java.util.Map;

/**
 * A decision taken before the target was asked: what it comes to and what its action would write, and
 * the full verdict only when it stands. When the outcome still needs the target's answer (a create
 * must first look for an existing account), the explanation would be thrown away, so none is written.
 *
 * @param writes  by target path, unredacted, as {@link Verdict#writes}: the values a match looks up
 * @param verdict the full decision, or null when the caller decides again with the target's answer
 */
public record Tentative(Outcome outcome, Map<String, Object> writes, Verdict verdict) {

    public boolean stands() {
        return verdict != null;
    }
}
