package io.provisor.rules.facts;

/** Which changes provisor may make in the target app (Entra's "Target Object Actions"). */
public record TargetActions(boolean create, boolean update, boolean delete) {

    public static TargetActions all() {
        return new TargetActions(true, true, true);
    }
}
