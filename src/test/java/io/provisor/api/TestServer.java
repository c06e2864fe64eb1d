package io.provisor.api;

import io.provisor.cycle.Connectors;
import io.provisor.cycle.Provisioning;
import io.provisor.directory.Directory;
import io.provisor.revisions.Governance;
import io.provisor.engine.PolicyEngine;
import io.provisor.logs.ProvisioningLogs;
import io.provisor.rules.RuleLibrary;
import io.provisor.store.AuditStore;
import io.provisor.store.Database;
import io.provisor.store.Candidates;
import io.provisor.store.DirectoryStore;
import io.provisor.store.JobStore;
import io.provisor.store.ProvisioningLogStore;
import io.provisor.store.StoreSettings;
import java.nio.file.Path;
import java.time.Clock;

/** A real API server on a random loopback port, over an H2 store in a temp folder. */
final class TestServer implements AutoCloseable {

    static final String TOKEN = "test-token-0123456789abcdef";

    final Database database;
    final Services services;
    final Provisioning provisioning;
    final ApiServer server;
    final ApiClient client;

    TestServer(Path rules, Path data) {
        database = Database.open(StoreSettings.embedded(data));
        AuditStore audit = new AuditStore(database);
        RuleLibrary library = new RuleLibrary(rules);
        Directory directory = new Directory(new DirectoryStore(database));
        Governance governance = Governance.wire(library, database, directory, new PolicyEngine(), Clock.systemUTC(),
                new io.provisor.revisions.PolicyTestGate(library, new PolicyEngine()));
        library.onActivation(a -> {
            audit.record(a.actor(), a.app(), "Update rules", a.revision(), a.rules() + " rules");
            governance.revisions().record(a);
        });
        library.loadAll();
        provisioning = new Provisioning(library, directory, new JobStore(database), new Candidates(database), new PolicyEngine(),
                Connectors::open, audit, Clock.systemUTC(), System::getenv);
        services = new Services(library, new PolicyEngine(), directory, new ProvisioningLogs(new ProvisioningLogStore(database)), audit,
                provisioning, governance);
        server = new ApiServer(services, ApiToken.of(TOKEN)).start("127.0.0.1", 0);
        client = new ApiClient(server.port(), TOKEN);
    }

    @Override
    public void close() {
        server.stop();
        provisioning.close();
        database.close();
    }
}
