package io.provisor.connector.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void valuesMadeDirectlyAreTheNodesTheGenericConversionGives() {
        for (Object value : List.of("text", "", true, false, 7, -3L, 2.5, new BigDecimal("1.10"), List.of("a", "b"),
                Map.of("type", "work", "value", "x"), List.of(Map.of("value", 1)))) {
            assertEquals(JSON.valueToTree(value), ResourceBody.node(value), () -> "value " + value);
        }
    }
}
