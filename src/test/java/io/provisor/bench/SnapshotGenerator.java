package io.provisor.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.provisor.codec.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes a synthetic directory snapshot in Microsoft Graph's shapes as NDJSON (one object a line, told
 * apart by {@code @odata.type}): users, then groups with their members, then app-role assignments.
 * Everything is derived from the record's index, so the same shape always gives the same file and
 * the benchmark can name any user without keeping the snapshot. Only the group membership index
 * (two int arrays, about 4 bytes per membership) is held in memory while writing.
 */
final class SnapshotGenerator {

    static final String APP = "contoso-crm";
    static final String DEFAULT_ROLE = "00000000-0000-0000-0000-000000000000";
    static final String SALES_REP_ROLE = "5f1c4a52-0c5e-4a4f-9a51-3cf8f8a6a7d1";

    private static final String[] GIVEN = {"Olivia", "Marcus", "Daniel", "Sofia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia",
            "Ethan", "Isabella", "Mason", "Amelia", "Logan", "Harper", "James", "Evelyn", "Aiden", "Abigail", "Elijah", "Emily",
            "Oliver", "Ella", "Jacob", "Scarlett", "Henry", "Grace", "Samuel", "Chloe", "Leo", "Zoe", "Julian", "Nora", "Owen",
            "Lily", "Wyatt", "Hannah", "Caleb", "Layla", "Ryan", "Aria", "Nathan", "Riley", "Isaac", "Ellie", "Hiroshi", "Yuki",
            "Priya", "Arjun", "Fatima", "Omar", "Chen", "Wei", "Ana", "Mateo", "Lena", "Jonas", "Ingrid", "Lars"};
    private static final String[] SURNAMES = {"Hart", "Lee", "Brooks", "Garcia", "Smith", "Johnson", "Williams", "Brown", "Jones",
            "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White",
            "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker",
            "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Torres",
            "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Tanaka", "Sato", "Patel", "Sharma",
            "Khan", "Wang", "Zhang", "Silva", "Rossi", "Muller", "Schmidt", "Larsen", "Novak", "Kowalski", "Dubois", "Fischer"};
    static final String[] DEPARTMENTS = {"Sales", "Marketing", "Engineering", "Finance", "Human Resources", "Legal", "Support",
            "Operations", "Research", "Product", "IT", "Procurement", "Facilities", "Security", "Training", "Logistics",
            "Manufacturing", "Quality", "Communications", "Executive"};
    private static final String[][] PLACES = {{"US", "Seattle", "WA"}, {"US", "Chicago", "IL"}, {"US", "Austin", "TX"},
            {"US", "New York", "NY"}, {"US", "Denver", "CO"}, {"GB", "London", null}, {"DE", "Berlin", null},
            {"FR", "Paris", null}, {"JP", "Tokyo", null}, {"IN", "Bengaluru", "KA"}, {"BR", "Sao Paulo", "SP"},
            {"CA", "Toronto", "ON"}, {"AU", "Sydney", "NSW"}, {"NL", "Amsterdam", null}, {"SE", "Stockholm", null}};
    private static final String[] TITLES = {"Account Executive", "Analyst", "Engineer", "Senior Engineer", "Manager",
            "Director", "Specialist", "Coordinator", "Consultant", "Administrator", "Associate", "Lead"};

    /** How big the snapshot is. Users are in 1 to 3 groups: their department's, and 0-2 team groups. */
    record Shape(int users, int groups, int assignedGroupEvery, int assignedUserPercent) {
        Shape {
            if (groups <= DEPARTMENTS.length) {
                throw new IllegalArgumentException("need more than " + DEPARTMENTS.length + " groups (one per department)");
            }
        }
    }

    /** What was written. */
    record Written(long users, long groups, long memberships, long assignments, long bytes, int largestGroup) {
        long records() {
            return users + groups + assignments;
        }
    }

    private SnapshotGenerator() {
    }

    // ---- everything below is a pure function of the index, so the benchmark can name users later

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int pick(long seed, int salt, int bound) {
        return (int) Math.floorMod(mix(seed * 31 + salt + 0x9E3779B97F4A7C15L), (long) bound);
    }

    static String userId(int i) {
        return uuid(1, i);
    }

    static String groupId(int g) {
        return uuid(2, g);
    }

    private static String uuid(int kind, int i) {
        long hi = mix(kind * 0x100000000L + i);
        long lo = mix(hi ^ i);
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    static String givenName(int i) {
        return GIVEN[pick(i, 1, GIVEN.length)];
    }

    static String surname(int i) {
        return SURNAMES[pick(i, 2, SURNAMES.length)];
    }

    static String displayName(int i) {
        return givenName(i) + " " + surname(i);
    }

    static String userPrincipalName(int i) {
        return (givenName(i) + "." + surname(i)).toLowerCase(Locale.ROOT) + i + "@contoso.com";
    }

    static int department(int i) {
        return pick(i, 3, DEPARTMENTS.length);
    }

    /** Groups 0..19 are the departments' ("Dept - Sales"); the rest are team groups. */
    static String groupName(int g) {
        return g < DEPARTMENTS.length ? "Dept - " + DEPARTMENTS[g] : "Team " + g + " - " + DEPARTMENTS[g % DEPARTMENTS.length];
    }

    /** The groups user i is a direct member of: its department's, then 0-2 distinct team groups. */
    static int groupsOf(int i, int groups, int[] out) {
        out[0] = department(i);
        int extra = pick(i, 4, 3);
        int teams = groups - DEPARTMENTS.length;
        int n = 1;
        for (int k = 0; k < extra; k++) {
            int g = DEPARTMENTS.length + pick(i, 5 + k, teams);
            if (n == 2 && out[1] == g) {
                g = DEPARTMENTS.length + (g - DEPARTMENTS.length + 1) % teams;
            }
            out[n++] = g;
        }
        return n;
    }

    static boolean userAssigned(int i, Shape shape) {
        return pick(i, 6, 100) < shape.assignedUserPercent();
    }

    // ---- the file

    static Written write(Path file, Shape shape) throws IOException {
        int[] scratch = new int[3];
        // membership index, group -> members, as compressed rows
        int[] count = new int[shape.groups() + 1];
        for (int i = 0; i < shape.users(); i++) {
            int n = groupsOf(i, shape.groups(), scratch);
            for (int k = 0; k < n; k++) {
                count[scratch[k] + 1]++;
            }
        }
        int largest = 0;
        for (int g = 0; g < shape.groups(); g++) {
            largest = Math.max(largest, count[g + 1]);
            count[g + 1] += count[g];
        }
        int[] members = new int[count[shape.groups()]];
        int[] fill = count.clone();
        for (int i = 0; i < shape.users(); i++) {
            int n = groupsOf(i, shape.groups(), scratch);
            for (int k = 0; k < n; k++) {
                members[fill[scratch[k]]++] = i;
            }
        }

        long users = 0;
        long assignments = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (int i = 0; i < shape.users(); i++) {
                writeUser(json, i);
                users++;
            }
            for (int g = 0; g < shape.groups(); g++) {
                writeGroup(json, g, members, count[g], count[g + 1]);
            }
            for (int g = 0; g < shape.groups(); g += shape.assignedGroupEvery()) {
                writeAssignment(json, "a-g" + g, groupId(g), "Group", groupName(g), DEFAULT_ROLE);
                assignments++;
            }
            for (int i = 0; i < shape.users(); i++) {
                if (userAssigned(i, shape)) {
                    writeAssignment(json, "a-u" + i, userId(i), "User", displayName(i), SALES_REP_ROLE);
                    assignments++;
                }
            }
        }
        return new Written(users, shape.groups(), members.length, assignments, Files.size(file), largest);
    }

    private static void writeUser(JsonGenerator json, int i) throws IOException {
        String given = givenName(i);
        String surname = surname(i);
        String upn = userPrincipalName(i);
        String[] place = PLACES[pick(i, 7, PLACES.length)];
        boolean contractor = pick(i, 8, 100) < 3;
        json.writeStartObject();
        json.writeStringField("@odata.type", "#microsoft.graph.user");
        json.writeStringField("id", userId(i));
        json.writeStringField("userPrincipalName", upn);
        json.writeStringField("mail", upn);
        json.writeStringField("mailNickname", upn.substring(0, upn.indexOf('@')));
        json.writeStringField("displayName", given + " " + surname);
        json.writeStringField("givenName", given);
        json.writeStringField("surname", surname);
        json.writeStringField("department", DEPARTMENTS[department(i)]);
        json.writeStringField("jobTitle", TITLES[pick(i, 9, TITLES.length)]);
        json.writeStringField("companyName", "Contoso Ltd.");
        json.writeStringField("country", place[0]);
        json.writeStringField("city", place[1]);
        if (place[2] != null) {
            json.writeStringField("state", place[2]);
        }
        json.writeStringField("usageLocation", place[0]);
        json.writeStringField("employeeId", Integer.toString(100000 + i));
        json.writeStringField("employeeType", contractor ? "Contractor" : "Employee");
        json.writeStringField("userType", "Member");
        json.writeBooleanField("accountEnabled", pick(i, 10, 100) >= 3);
        json.writeStringField("createdDateTime", "2023-01-01T08:00:00Z");
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static void writeGroup(JsonGenerator json, int g, int[] members, int from, int to) throws IOException {
        String name = groupName(g);
        String nickname = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        json.writeStartObject();
        json.writeStringField("@odata.type", "#microsoft.graph.group");
        json.writeStringField("id", groupId(g));
        json.writeStringField("displayName", name);
        json.writeStringField("description", g < DEPARTMENTS.length ? "Everyone in " + DEPARTMENTS[g] : "Team group " + g);
        json.writeNullField("mail");
        json.writeBooleanField("mailEnabled", false);
        json.writeStringField("mailNickname", nickname);
        json.writeBooleanField("securityEnabled", true);
        json.writeArrayFieldStart("groupTypes");
        json.writeEndArray();
        json.writeStringField("createdDateTime", "2022-06-01T08:00:00Z");
        json.writeArrayFieldStart("members");
        for (int k = from; k < to; k++) {
            json.writeStartObject();
            json.writeStringField("@odata.type", "#microsoft.graph.user");
            json.writeStringField("id", userId(members[k]));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static void writeAssignment(JsonGenerator json, String id, String principalId, String principalType,
                                        String principalName, String role) throws IOException {
        json.writeStartObject();
        json.writeStringField("@odata.type", "#microsoft.graph.appRoleAssignment");
        json.writeStringField("id", id);
        json.writeStringField("principalId", principalId);
        json.writeStringField("principalType", principalType);
        json.writeStringField("principalDisplayName", principalName);
        json.writeStringField("appRoleId", role);
        json.writeStringField("resourceDisplayName", APP);
        json.writeStringField("createdDateTime", "2024-03-01T08:00:00Z");
        json.writeEndObject();
        json.writeRaw('\n');
    }
}
