package io.provisor.api;

import io.provisor.cycle.Provisioning;
import io.provisor.directory.Directory;
import io.provisor.revisions.Governance;
import io.provisor.engine.PolicyEngine;
import io.provisor.logs.ProvisioningLogs;
import io.provisor.rules.RuleLibrary;
import io.provisor.store.AuditStore;

/** What the API works with, wired by the command line. */
public record Services(RuleLibrary rules, PolicyEngine engine, Directory directory, ProvisioningLogs logs, AuditStore audit,
                       Provisioning provisioning, Governance governance) {
}
