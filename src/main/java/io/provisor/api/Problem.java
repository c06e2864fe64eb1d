package io.provisor.api;

import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem document. {@code code} is stable and snake_case; {@code errors} point at the
 * offending input: a JSON pointer, or a file with line and column.
 */
public record Problem(String type, String title, int status, String detail, String code, List<Map<String, Object>> errors) {

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem("urn:provisor:problem:" + code, title, status, detail, code, List.of());
    }

    public Problem withStatus(int newStatus, String newCode, String newDetail) {
        return new Problem("urn:provisor:problem:" + newCode, title, newStatus, newDetail, newCode, errors);
    }

    public Problem withErrors(List<Map<String, Object>> errors) {
        return new Problem(type, title, status, detail, code, List.copyOf(errors));
    }
}
