package io.provisor.cycle;

import io.provisor.scimtarget.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Cycles against the sandbox through a fault-injecting proxy of the test's own: point the app at {@code proxy.baseUrl()}. */
abstract class ProxiedCycleTest extends SandboxCycleTest {

    FaultProxy proxy;

    @BeforeEach
    void startTheProxy() {
        proxy = FaultProxy.start(target.baseUrl());
    }

    @AfterEach
    void stopTheProxy() {
        proxy.close();
    }
}
