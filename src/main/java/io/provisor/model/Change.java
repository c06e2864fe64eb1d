package io.provisor.model;

import java.time.Instant;
import java.util.Locale;

/**
 * One entry of the directory's change feed. {@code seq} is gap-free and increasing: the watermark
 * of incremental cycles.
 *
 * @param objectId  the user, group or (for assignments) principal that changed
 * @param app       the app of an assignment change, else null
 * @param relatedId the member of a membership change, or the app role of an assignment change
 */
public record Change(long seq, Instant changedAt, ObjectType objectType, String objectId, Type type, String app,
                     String relatedId) {

    public enum ObjectType {
        USER, GROUP, ASSIGNMENT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Type {
        CREATE("create"), UPDATE("update"), SOFT_DELETE("softDelete"), RESTORE("restore"), HARD_DELETE("hardDelete"),
        MEMBER_ADD("memberAdd"), MEMBER_REMOVE("memberRemove"), ASSIGNMENT_ADD("assignmentAdd"),
        ASSIGNMENT_REMOVE("assignmentRemove");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String toString() {
            return wireName;
        }

        public static Type fromWire(String text) {
            for (Type type : values()) {
                if (type.wireName.equals(text)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown change type " + text);
        }
    }
}
