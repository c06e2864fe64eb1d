package io.provisor.cycle;

/** What a cycle processes. */
public enum CycleKind {
    /** Every object in scope, and every linked one. */
    INITIAL,
    /** The objects the directory changed since the watermark, and the escrows that are due. */
    INCREMENTAL,
    /** The disables and deletes an admin allowed after the deletion threshold held them. */
    RELEASE,
    /** One user or group, on request. */
    ON_DEMAND
}
