package io.provisor.store;

import java.time.Instant;

/** The shapes the directory tables store: indexed columns plus the object's JSON document. */
public final class Rows {

    private Rows() {
    }

    /** A user: the indexed attributes, soft-delete time, and the Graph-shaped JSON with its hash. */
    public record UserRow(String id, String userPrincipalName, String mail, String displayName, String employeeId,
                          Instant deletedAt, String document, String contentHash) {
    }

    public record GroupRow(String id, String displayName, String mail, String mailNickname, boolean securityEnabled,
                           Instant deletedAt, String document, String contentHash) {
    }

    /** A direct member of a group: a user or a group. */
    public record Member(String id, String type) {
        public static final String USER = "user";
        public static final String GROUP = "group";
    }

    public record AssignmentRow(String app, String principalId, String principalType, String appRoleId, String assignmentId) {
    }

    /** What a write did; {@code seq} is the change number it took, 0 when nothing changed. */
    public record Outcome(Result result, long seq) {
        public enum Result { CREATED, UPDATED, UNCHANGED, NOT_FOUND, DONE }

        public boolean changed() {
            return seq > 0;
        }
    }
}
