package io.provisor.scimtarget;

import java.util.List;

/** The SCIM servers protocol tests run against: {@code @MethodSource("io.provisor.scimtarget.ScimTargets#all")}. */
public final class ScimTargets {

    private ScimTargets() {
    }

    public static List<ScimTarget> all() {
        return List.of(SandboxTarget.get(), ScimmyTarget.instance());
    }
}
