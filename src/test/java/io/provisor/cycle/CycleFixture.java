package io.provisor.cycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.TestRules;
import io.provisor.codec.Json;
import io.provisor.directory.Directory;
import io.provisor.directory.SnapshotImporter;
import io.provisor.engine.PolicyEngine;
import io.provisor.rules.RuleLibrary;
import io.provisor.scimtarget.ScimTarget;
import io.provisor.store.AuditStore;
import io.provisor.store.Candidates;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.JobStore;
import io.provisor.store.StoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The samples' tenant in an embedded store and the samples' app provisioning into a real SCIM server
 * (its connector settings pointed at the server, its token passed as an environment variable).
 */
final class CycleFixture implements AutoCloseable {

    static final String APP = "contoso-crm";
    static final String TOKEN_VARIABLE = "TEST_SCIM_TOKEN";

    final Path rules;
    final Database database;
    final Directory directory;
    final JobStore jobs;
    final RuleLibrary library;
    final Provisioning provisioning;

    /** {@code provisioning} overrides settings of the app's {@code provisioning} object. */
    CycleFixture(Path dir, ScimTarget target, Consumer<ObjectNode> provisioningSettings) {
        this(dir, target.baseUrl(), target.token(), provisioningSettings);
    }

    CycleFixture(Path dir, URI baseUrl, String token, Consumer<ObjectNode> provisioningSettings) {
        rules = TestRules.copyShipped(dir);
        try {
            Path appJson = rules.resolve(APP).resolve("app.json");
            ObjectNode app = (ObjectNode) Json.mapper().readTree(appJson.toFile());
            ObjectNode connector = app.putObject("connector");
            connector.put("type", "scim").put("baseUrl", baseUrl.toString());
            connector.putObject("auth").put("type", "bearer").put("tokenEnv", TOKEN_VARIABLE);
            ObjectNode settings = app.putObject("provisioning");
            settings.put("concurrency", 4).put("escrowBackoffSeconds", 0);
            provisioningSettings.accept(settings);
            Files.writeString(appJson, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(app));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = Database.open(StoreSettings.embedded(dir.resolve("data")));
        directory = new Directory(new DirectoryStore(database));
        jobs = new JobStore(database);
        library = new RuleLibrary(rules).loadAll();
        provisioning = new Provisioning(library, directory, jobs, new Candidates(database), new PolicyEngine(), Connectors::open,
                new AuditStore(database), Clock.systemUTC(), Map.of(TOKEN_VARIABLE, token)::get);
    }

    void importSamples() {
        try (InputStream in = Files.newInputStream(Path.of("samples/tenant.json"))) {
            new SnapshotImporter(directory, SnapshotImporter.DEFAULT_BATCH).importJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CycleSummary cycle() {
        return provisioning.runCycle(APP, null).orElseThrow();
    }

    @Override
    public void close() {
        provisioning.close();
        database.close();
    }
}
