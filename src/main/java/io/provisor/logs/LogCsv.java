package io.provisor.logs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Provisioning log records as CSV (RFC 4180), one line per record, safe to open in a spreadsheet. */
public final class LogCsv {

    static final List<String[]> COLUMNS = List.of(
            new String[] {"id", "/id"}, new String[] {"activityDateTime", "/activityDateTime"}, new String[] {"app", "/app"},
            new String[] {"cycleId", "/cycleId"}, new String[] {"changeId", "/changeId"}, new String[] {"action", "/action"},
            new String[] {"status", "/status"}, new String[] {"code", "/code"}, new String[] {"entraCode", "/entraCode"},
            new String[] {"sourceId", "/sourceIdentity/id"}, new String[] {"sourceDisplayName", "/sourceIdentity/displayName"},
            new String[] {"sourceUserPrincipalName", "/sourceIdentity/userPrincipalName"},
            new String[] {"targetId", "/targetIdentity/id"}, new String[] {"targetDisplayName", "/targetIdentity/displayName"},
            new String[] {"revision", "/revision"}, new String[] {"durationMs", "/durationMs"},
            new String[] {"errorReason", "/errorInformation/reason"},
            new String[] {"recommendedAction", "/errorInformation/recommendedAction"});

    private LogCsv() {
    }

    public static String header() {
        return String.join(",", COLUMNS.stream().map(c -> c[0]).toList()) + "\r\n";
    }

    public static String line(JsonNode record) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            JsonNode value = record.at(COLUMNS.get(i)[1]);
            line.append(cell(value.isMissingNode() || value.isNull() ? "" : value.asText()));
        }
        return line.append("\r\n").toString();
    }

    /** Quotes when needed, and defuses text a spreadsheet would run as a formula. */
    static String cell(String text) {
        String safe = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
