package io.provisor.rules.facts;

/** A role the app defines; assignments name it by id. */
public record AppRole(String id, String value, String displayName) {
}
