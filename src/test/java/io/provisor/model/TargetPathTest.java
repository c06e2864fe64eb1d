package io.provisor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetPathTest {

    @Test
    void partsOfEachKindOfPath() {
        TargetPath filtered = TargetPath.parse("emails[type eq \"wo\\\"rk\"].value");
        assertEquals("emails", filtered.attribute());
        assertEquals("type", filtered.filterAttribute());
        assertEquals("wo\"rk", filtered.filterValue());
        assertEquals("value", filtered.subAttribute());
        TargetPath extension = TargetPath.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber");
        assertEquals("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", extension.schema());
        assertEquals("employeeNumber", extension.attribute());
        assertNull(TargetPath.parse("name.givenName").filterAttribute());
    }

    @Test
    void aPathParsedAgainIsTheSameValue() {
        TargetPath first = TargetPath.parse("name.familyName");
        assertSame(first, TargetPath.parse("name.familyName"));
        assertEquals("Doe", first.read(Map.of("name", Map.of("familyName", "Doe"))));
    }

    @Test
    void anInvalidPathIsRefusedEveryTime() {
        for (int i = 0; i < 2; i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetPath.parse("emails[type ne 1]"));
            assertEquals("`emails[type ne 1]` is not a SCIM attribute path", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TargetPath.parse("urn:only"));
    }

    @Test
    void aFilteredPathReadsTheMatchingEntry() {
        Map<String, Object> resource = Map.of("emails", List.of(Map.of("type", "home", "value", "h@x"), Map.of("type", "work", "value", "w@x")));
        assertEquals("w@x", TargetPath.parse("emails[type eq \"work\"].value").read(resource));
    }
}
