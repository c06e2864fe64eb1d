package io.provisor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    private static final Map<String, String> VALUES = Map.of("user", "Ada", "dept2", "Sales");

    @Test
    void fillsKnownPlaceholdersAndKeepsUnknownOnesAsWritten() {
        assertEquals("Ada is not in Sales ({team})", Templates.fill("{user} is not in {dept2} ({team})", VALUES::get));
    }

    @Test
    void leavesTextThatIsNoPlaceholderAlone() {
        assertEquals("{} {1user} { user} {user", Templates.fill("{} {1user} { user} {user", VALUES::get));
        assertEquals("{Ada}", Templates.fill("{{user}}", VALUES::get));
        assertEquals("{a-Ada", Templates.fill("{a-{user}", VALUES::get));
    }

    @Test
    void passesTemplatesWithoutBracesAndNullThrough() {
        assertEquals("plain text", Templates.fill("plain text", VALUES::get));
        assertNull(Templates.fill(null, VALUES::get));
    }
}
