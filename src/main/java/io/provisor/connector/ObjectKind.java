package io.provisor.connector;

/** The kinds of objects provisioned into a target. */
public enum ObjectKind {
    USER, GROUP
}
