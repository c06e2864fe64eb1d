package io.provisor.cli;

import io.provisor.cycle.Connectors;
import io.provisor.cycle.Provisioning;
import io.provisor.directory.Directory;
import io.provisor.revisions.Governance;
import java.util.List;
import io.provisor.engine.PolicyEngine;
import io.provisor.logs.ProvisioningLogs;
import io.provisor.rules.RuleLibrary;
import io.provisor.store.AuditStore;
import io.provisor.store.Candidates;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.JobStore;
import io.provisor.store.ProvisioningLogStore;
import java.time.Clock;
import java.util.Map;

/** provisor's parts, built once from the settings for the commands that need the store and the rules. */
record Wiring(Database database, RuleLibrary library, Directory directory, ProvisioningLogStore logStore, AuditStore audit,
              Provisioning provisioning, Governance governance) implements AutoCloseable {

    static Wiring open(Settings settings, Map<String, String> env) {
        Database database = Database.open(settings.store());
        AuditStore audit = new AuditStore(database);
        RuleLibrary library = new RuleLibrary(settings.rulesDir());
        Directory directory = new Directory(new DirectoryStore(database));
        PolicyEngine engine = new PolicyEngine();
        Governance governance = Governance.wire(library, database, directory, engine, Clock.systemUTC(),
                new io.provisor.revisions.PolicyTestGate(library, engine));
        library.onActivation(activation -> {
            audit.record(activation.actor(), activation.app(), "Update rules", activation.revision(),
                    activation.rules() + " rules active, replacing revision " + activation.previousRevision());
            governance.revisions().record(activation);
        });
        library.loadAll();
        Provisioning provisioning = new Provisioning(library, directory, new JobStore(database), new Candidates(database),
                new PolicyEngine(), Connectors::open, audit, Clock.systemUTC(), env::get);
        return new Wiring(database, library, directory, new ProvisioningLogStore(database), audit, provisioning, governance);
    }

    ProvisioningLogs logs() {
        return new ProvisioningLogs(logStore);
    }

    @Override
    public void close() {
        provisioning.close();
        database.close();
    }
}
