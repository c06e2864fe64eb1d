package io.provisor.scimtarget;

import static io.provisor.scimtarget.RawScim.entraUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sandbox SCIM app in a JVM of its own: serves, resets on command, and ends with its parent's stdin. */
class SandboxProcessTest {

    @Test
    void serves_the_sandbox_in_its_own_jvm_resets_on_command_and_exits_when_closed() throws Exception {
        SandboxProcess target = SandboxProcess.start(List.of("-Xmx128m"));
        try {
            assertThat(target.process()).hasValueSatisfying(server -> {
                assertThat(server.isAlive()).isTrue();
                assertThat(server.parent().map(ProcessHandle::pid)).contains(ProcessHandle.current().pid());
            });
            RawScim scim = new RawScim(target);
            assertThat(scim.post("/Users", entraUser("ann@contoso.com", "ann")).statusCode()).isEqualTo(201);
            assertThat(target.users()).extracting(user -> user.get("userName")).containsExactly("ann@contoso.com");
            assertThat(scim.withToken("wrong").get("/Users").statusCode()).isEqualTo(401);

            target.reset();

            assertThat(target.users()).isEmpty();
        } finally {
            target.close();
        }
        assertThatThrownBy(() -> new RawScim(target).get("/Users")).isInstanceOf(java.io.IOException.class);
        assertThat(target.process().orElseThrow().isAlive()).isFalse();
    }
}
