package io.provisor.cycle;

import io.provisor.directory.Directory;
import io.provisor.engine.PolicyEngine;
import io.provisor.rules.RuleSet;
import io.provisor.store.JobStore;
import java.time.Clock;

/** What processing one app's objects needs: its rules and settings, its target, the directory and the job's store. */
record JobContext(String app, RuleSet rules, JobSettings settings, GatedConnector target, Directory directory, JobStore jobs,
                  PolicyEngine engine, Clock clock, ObjectLocks locks) {
}
