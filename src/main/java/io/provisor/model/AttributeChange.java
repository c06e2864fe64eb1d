package io.provisor.model;

/** A target attribute that an update would change (Entra's modifiedProperties). */
public record AttributeChange(String name, Object oldValue, Object newValue) {
}
