package io.provisor.engine;

import io.provisor.directory.Directory;
import io.provisor.directory.SnapshotImporter;
import io.provisor.store.Candidates;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.TestDatabases;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The samples tenant's users as contoso-crm's rules see them, read through a real store in {@code dir}. */
final class SampleUsers {

    private SampleUsers() {
    }

    static Collection<EvaluationInput> of(Path dir) throws Exception {
        try (Database database = Database.open(TestDatabases.h2(dir.resolve("store")))) {
            Directory directory = new Directory(new DirectoryStore(database));
            try (InputStream in = Files.newInputStream(Path.of("samples/tenant.json"))) {
                new SnapshotImporter(directory, 500).importJson(in);
            }
            List<String> userIds = new ArrayList<>();
            new Candidates(database).users("contoso-crm", true, null, userIds::add);
            return directory.factsBatch("contoso-crm", userIds, Map.of()).values();
        }
    }
}
