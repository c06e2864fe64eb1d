package io.provisor.cycle;

import io.provisor.codec.BadInput;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a restart clears, as Graph's restart criteria name it. An empty scope is the portal's "Restart
 * provisioning": quarantine, watermark and escrows. {@code Full} also breaks every link, so every
 * object is matched again; {@code ForceDeletes} sends the held disables and deletes.
 */
public enum ResetScope {
    Watermark, Escrows, QuarantineState, Full, ForceDeletes;

    public static final Set<ResetScope> PORTAL_RESTART = EnumSet.of(QuarantineState, Watermark, Escrows);

    /** Parses Graph's comma-separated form; blank means the portal's restart. */
    public static Set<ResetScope> parse(String text) {
        if (text == null || text.isBlank()) {
            return PORTAL_RESTART;
        }
        Set<ResetScope> scope = EnumSet.noneOf(ResetScope.class);
        for (String part : text.split(",")) {
            String name = part.trim();
            ResetScope match = null;
            for (ResetScope candidate : values()) {
                if (candidate.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    match = candidate;
                }
            }
            if (match == null) {
                throw new BadInput("/criteria/resetScope", "unknown reset scope `" + name + "`; use Watermark, Escrows, QuarantineState,"
                        + " Full or ForceDeletes");
            }
            scope.add(match);
        }
        if (scope.contains(Full)) {
            scope.addAll(PORTAL_RESTART);
        }
        return scope;
    }
}
