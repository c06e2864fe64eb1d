package io.provisor.cycle;

import io.provisor.scimtarget.SandboxTarget;
import io.provisor.scimtarget.ScimTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Cycles against the SCIM-SDK sandbox in this JVM, emptied before each test, with a data folder of the test's own. */
abstract class SandboxCycleTest {

    @TempDir
    Path dir;

    final ScimTarget target = SandboxTarget.get();

    @BeforeEach
    void emptyTheTarget() {
        target.reset();
    }
}
