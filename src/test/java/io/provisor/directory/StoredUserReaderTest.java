package io.provisor.directory;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.FactReader;
import io.provisor.codec.Json;
import io.provisor.codec.StoredUserReader;
import io.provisor.rules.facts.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link StoredUserReader} reads the same user as {@link FactReader#user}, whatever the document's shape. */
class StoredUserReaderTest {

    @Test
    void every_sample_user_as_stored_reads_as_fact_reader_reads_it() throws IOException {
        JsonNode tenant = Json.mapper().readTree(Files.readString(Path.of("samples/tenant.json")));
        int read = 0;
        for (JsonNode node : tenant.path("users")) {
            assertSameUser(Documents.userRow(node, "").document());
            read++;
        }
        assertThat(read).isEqualTo(tenant.path("users").size()).isPositive();
    }

    @Test
    void shapes_the_fast_path_does_not_read_give_fact_reader_s_user() {
        List<String> documents = List.of(
                "{\"id\":\"u1\",\"mail\":null,\"accountEnabled\":false,\"usageLocation\":\"US\",\"createdDateTime\":\"2023-01-01T08:00:00Z\"}",
                "{\"id\":\"u2\",\"employeeId\":12345,\"department\":1.5,\"city\":true,\"state\":{\"a\":1},\"country\":[\"US\"]}",
                "{\"id\":\"u3\",\"accountEnabled\":\"yes\",\"manager\":{\"id\":\"m1\",\"displayName\":\"M\"}}",
                "{\"id\":\"u4\",\"manager\":\"m2\",\"extension_app_costCenter\":\"CC-1\",\"extension_app_level\":7,"
                        + "\"extension_app_flag\":true,\"extension_app_tags\":[\"a\",\"b\"],\"extension_app_none\":\"x\"}",
                "{\"id\":\"u5\",\"onPremisesExtensionAttributes\":{\"extensionAttribute1\":\"one\",\"extensionAttribute2\":null,"
                        + "\"extensionAttribute3\":5},\"extensionAttributes\":{\"extensionAttribute1\":\"override\",\"rank\":2.5}}",
                "{\"id\":\"u6\",\"onPremisesExtensionAttributes\":{\"extensionAttribute1\":\"one\",\"extensionAttribute2\":null},"
                        + "\"extensionAttributes\":{\"extensionAttribute1\":\"override\",\"extension_app_x\":\"y\"},\"extension_app_x\":\"z\"}",
                "{\"id\":\"u7\",\"onPremisesExtensionAttributes\":null,\"extensionAttributes\":\"text\",\"deleted\":null}",
                "{\"id\":\"u8\",\"deletedDateTime\":\"2024-01-01T00:00:00Z\"}",
                "{\"id\":\"u9\",\"deleted\":\"hard\",\"userType\":\"Guest\",\"nested\":{\"deep\":[1,{\"x\":null}]}}",
                "{\"userPrincipalName\":\"no-id@contoso.com\",\"deletedDateTime\":null}");
        documents.forEach(StoredUserReaderTest::assertSameUser);
    }

    private static void assertSameUser(String document) {
        User expected;
        try {
            expected = new FactReader().user(Json.mapper().readTree(document), "");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(StoredUserReader.read(document)).as(document).isEqualTo(expected);
    }
}
