package io.provisor.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokenTest {

    @TempDir
    Path data;

    @Test
    void a_generated_token_is_announced_once_and_kept_owner_only() throws Exception {
        List<String> announced = new ArrayList<>();
        ApiToken first = ApiToken.load(null, data, announced::add);
        ApiToken second = ApiToken.load(null, data, announced::add);

        assertThat(announced).hasSize(1);
        Path file = data.resolve(ApiToken.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.matches(announced.get(0))).isTrue();
        assertThat(second.matches(announced.get(0))).isTrue();
    }

    @Test
    void a_configured_token_wins_and_nothing_is_written() {
        ApiToken token = ApiToken.load("configured-token-123456", data, generated -> {
            throw new AssertionError("nothing should be generated");
        });
        assertThat(token.matches("configured-token-123456")).isTrue();
        assertThat(token.matches("configured-token-12345")).isFalse();
        assertThat(data.resolve(ApiToken.FILE_NAME)).doesNotExist();
    }

    @Test
    void a_short_token_is_refused() {
        assertThatThrownBy(() -> ApiToken.of("short")).hasMessageContaining("16 characters");
    }

    @Test
    void the_token_never_shows_in_its_string_form() {
        assertThat(ApiToken.of("secret-token-abcdefgh").toString()).doesNotContain("secret");
    }
}
