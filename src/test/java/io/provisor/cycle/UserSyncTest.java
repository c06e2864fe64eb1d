package io.provisor.cycle;

import io.provisor.model.LogEntry;
import io.provisor.model.StepStatus;
import io.provisor.scimtarget.FaultProxy;
import io.provisor.scimtarget.SandboxTarget;
import io.provisor.scimtarget.ScimTarget;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** How many decisions and target lookups one user costs, against a real SCIM server behind a counting proxy. */
class UserSyncTest {

    static final String OLIVIA = "d131bb07-691d-4307-8699-afc917c8b9df"; // Sales, US, enabled: in scope
    static final String KEVIN = "ed8ce2af-fa71-4925-8042-971e25c45aa9"; // Sales, US, disabled: not created

    @TempDir
    Path dir;

    ScimTarget target = SandboxTarget.get();
    FaultProxy proxy;
    CycleFixture fixture;

    @BeforeEach
    void start() {
        target.reset();
        proxy = FaultProxy.start(target.baseUrl());
        fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> { });
        fixture.importSamples();
    }

    @AfterEach
    void stop() {
        fixture.close();
        proxy.close();
    }

    @Test
    void a_new_user_the_target_has_no_account_for_is_decided_once() {
        UserSync users = users();

        LogEntry entry = users.process(OLIVIA, "c1", null, DeletionMode.SEND, progress()).entry();

        assertThat(entry.action()).isEqualTo(LogEntry.LoggedAction.CREATE);
        assertThat(entry.status()).isEqualTo(StepStatus.SUCCESS);
        assertThat(users.decisions()).isEqualTo(1);
        assertThat(proxy.seen("GET", "/Users")).as("looked up before the create").isPositive();
    }

    @Test
    void an_account_the_lookup_finds_is_decided_again_with_its_attributes_and_linked_not_created() {
        users().process(OLIVIA, "c1", null, DeletionMode.SEND, progress());
        String created = fixture.jobs.link(CycleFixture.APP, UserSync.USER, OLIVIA).orElseThrow().targetId();
        fixture.jobs.unlinkAll(CycleFixture.APP);
        UserSync users = users();

        LogEntry entry = users.process(OLIVIA, "c2", null, DeletionMode.SEND, progress()).entry();

        assertThat(entry.action()).isNotEqualTo(LogEntry.LoggedAction.CREATE);
        assertThat(users.decisions()).isEqualTo(2);
        assertThat(fixture.jobs.link(CycleFixture.APP, UserSync.USER, OLIVIA).orElseThrow().targetId()).isEqualTo(created);
        assertThat(target.users()).hasSize(1);
    }

    @Test
    void a_user_the_rules_would_not_create_is_not_looked_up_in_the_target() {
        int lookups = proxy.seen("GET", "/Users");

        LogEntry entry = users().process(KEVIN, "c1", null, DeletionMode.SEND, progress()).entry();

        assertThat(entry.action()).isEqualTo(LogEntry.LoggedAction.SKIP);
        assertThat(proxy.seen("GET", "/Users")).isEqualTo(lookups);
        assertThat(target.users()).isEmpty();
    }

    private UserSync users() {
        return new UserSync(fixture.provisioning.context(CycleFixture.APP), OutcomeWriter.immediate(fixture.jobs));
    }

    private static CycleProgress progress() {
        return new CycleProgress("c1", CycleKind.ON_DEMAND, Clock.systemUTC());
    }
}
