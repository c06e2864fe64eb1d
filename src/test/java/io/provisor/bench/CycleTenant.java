package io.provisor.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.provisor.codec.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * The cycle benchmark's tenant as NDJSON: {@code users} users (Sales, US, enabled, employees, unique
 * userPrincipalName and mail) in security groups of {@code groupSize} members; the groups of the first
 * {@code inScope} users are assigned to the samples' app {@code contoso-crm}, so those users are in scope
 * and the rest, never assigned, are not. Every value is a function of the user's index, so the benchmark
 * names any user (and the raw client builds its requests) without keeping the snapshot.
 */
final class CycleTenant {

    static final String APP = "contoso-crm";
    static final String ROLE = "5f1c4a52-0c5e-4a4f-9a51-3cf8f8a6a7d1";

    private static final String[] GIVEN = {"Olivia", "Marcus", "Daniel", "Sofia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia"};
    private static final String[] SURNAMES = {"Hart", "Lee", "Brooks", "Garcia", "Smith", "Patel", "Tanaka", "Novak", "Silva"};
    private static final String[] CITIES = {"Seattle", "Chicago", "Austin", "New York", "Denver"};

    private CycleTenant() {
    }

    /**
     * Ids in Graph's form, a UUID, as a real tenant's are: the importer remembers at most 100,000 ids of other
     * forms across batches, and looks the rest up again in the store.
     */
    static String userId(int i) {
        return new UUID(0x62656e63_0000_4000L, 0x8000_0000_0000_0000L | i).toString();
    }

    static String groupId(int g) {
        return new UUID(0x62656e63_0001_4000L, 0x8000_0000_0000_0000L | g).toString();
    }

    static String givenName(int i) {
        return GIVEN[i % GIVEN.length];
    }

    static String surname(int i) {
        return SURNAMES[(i / GIVEN.length) % SURNAMES.length];
    }

    static String userPrincipalName(int i) {
        return (givenName(i) + "." + surname(i)).toLowerCase(Locale.ROOT) + "." + i + "@contoso.com";
    }

    static String mailNickname(int i) {
        String upn = userPrincipalName(i);
        return upn.substring(0, upn.indexOf('@'));
    }

    static String city(int i) {
        return CITIES[i % CITIES.length];
    }

    static String employeeId(int i) {
        return Integer.toString(100000 + i);
    }

    /**
     * Writes the snapshot and returns its size in bytes. Many groups rather than one: SCIMMY rewrites a whole
     * group on every PATCH, so one group of 100,000 members takes hours to fill 50 members at a time.
     *
     * @param inScope the users 0 to inScope - 1, whose groups are assigned (a multiple of groupSize keeps each group whole)
     */
    static long write(Path file, int users, int inScope, int groupSize) throws IOException {
        if (groupSize < 1) {
            throw new IllegalArgumentException("groupSize must be at least 1");
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (int i = 0; i < users; i++) {
                user(json, i);
            }
            int group = 0;
            int assigned = 0;
            for (int first = 0; first < users; group++) {
                boolean inScopeGroup = first < inScope;
                int end = Math.min(Math.min(users, first + groupSize), inScopeGroup ? inScope : users);
                group(json, groupId(group), (inScopeGroup ? "Bench Sales US " : "Bench Unassigned ") + group, first, end);
                assigned += inScopeGroup ? 1 : 0;
                first = end;
            }
            // assignments last, after the groups they name
            for (int g = 0; g < assigned; g++) {
                assignment(json, groupId(g));
            }
        }
        return Files.size(file);
    }

    /** User {@code i} as the snapshot holds it, one JSON object. */
    static String userJson(int i) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            user(json, i);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().strip();
    }

    private static void user(JsonGenerator json, int i) throws IOException {
        json.writeStartObject();
        json.writeStringField("@odata.type", "#microsoft.graph.user");
        json.writeStringField("id", userId(i));
        json.writeStringField("userPrincipalName", userPrincipalName(i));
        json.writeStringField("mail", userPrincipalName(i));
        json.writeStringField("mailNickname", mailNickname(i));
        json.writeStringField("displayName", givenName(i) + " " + surname(i));
        json.writeStringField("givenName", givenName(i));
        json.writeStringField("surname", surname(i));
        json.writeStringField("department", "Sales");
        json.writeStringField("jobTitle", "Account Executive");
        json.writeStringField("country", "US");
        json.writeStringField("city", city(i));
        json.writeStringField("employeeId", employeeId(i));
        json.writeStringField("employeeType", "Employee");
        json.writeBooleanField("accountEnabled", true);
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static void group(JsonGenerator json, String id, String displayName, int first, int end) throws IOException {
        json.writeStartObject();
        json.writeStringField("@odata.type", "#microsoft.graph.group");
        json.writeStringField("id", id);
        json.writeStringField("displayName", displayName);
        json.writeBooleanField("securityEnabled", true);
        json.writeArrayFieldStart("members");
        for (int i = first; i < end; i++) {
            json.writeStartObject();
            json.writeStringField("@odata.type", "#microsoft.graph.user");
            json.writeStringField("id", userId(i));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static void assignment(JsonGenerator json, String groupId) throws IOException {
        json.writeStartObject();
        json.writeStringField("@odata.type", "#microsoft.graph.appRoleAssignment");
        json.writeStringField("id", "assignment-" + groupId);
        json.writeStringField("principalId", groupId);
        json.writeStringField("principalType", "Group");
        json.writeStringField("appRoleId", ROLE);
        json.writeStringField("resourceDisplayName", APP);
        json.writeEndObject();
        json.writeRaw('\n');
    }
}
