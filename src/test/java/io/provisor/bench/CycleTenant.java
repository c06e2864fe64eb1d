package io.provisor.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.provisor.codec.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The cycle benchmark's tenant as NDJSON: {@code users} users that are all in scope for the samples'
 * app {@code contoso-crm} (Sales, US, enabled, employees, unique userPrincipalName and mail), one
 * security group holding them all, and that group's assignment to the app. Every value is a function
 * of the user's index, so the benchmark names any user (and the raw client builds its requests)
 * without keeping the snapshot.
 */
final class CycleTenant {

    static final String APP = "contoso-crm";
    static final String GROUP_ID = "bench-sales-us";
    static final String ROLE = "5f1c4a52-0c5e-4a4f-9a51-3cf8f8a6a7d1";

    private static final String[] GIVEN = {"Olivia", "Marcus", "Daniel", "Sofia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia"};
    private static final String[] SURNAMES = {"Hart", "Lee", "Brooks", "Garcia", "Smith", "Patel", "Tanaka", "Novak", "Silva"};
    private static final String[] CITIES = {"Seattle", "Chicago", "Austin", "New York", "Denver"};

    private CycleTenant() {
    }

    static String userId(int i) {
        return "bu" + i;
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

    /** Writes the snapshot and returns its size in bytes. */
    static long write(Path file, int users) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (int i = 0; i < users; i++) {
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
            json.writeStartObject();
            json.writeStringField("@odata.type", "#microsoft.graph.group");
            json.writeStringField("id", GROUP_ID);
            json.writeStringField("displayName", "Bench Sales US");
            json.writeBooleanField("securityEnabled", true);
            json.writeArrayFieldStart("members");
            for (int i = 0; i < users; i++) {
                json.writeStartObject();
                json.writeStringField("@odata.type", "#microsoft.graph.user");
                json.writeStringField("id", userId(i));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
            json.writeStartObject();
            json.writeStringField("@odata.type", "#microsoft.graph.appRoleAssignment");
            json.writeStringField("id", "bench-assignment");
            json.writeStringField("principalId", GROUP_ID);
            json.writeStringField("principalType", "Group");
            json.writeStringField("appRoleId", ROLE);
            json.writeStringField("resourceDisplayName", APP);
            json.writeEndObject();
            json.writeRaw('\n');
        }
        return Files.size(file);
    }
}
