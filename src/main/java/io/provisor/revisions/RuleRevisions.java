package io.provisor.revisions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.Json;
import io.provisor.directory.NotFound;
import io.provisor.rules.RuleFile;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.RuleSetRejected;
import io.provisor.store.RevisionStore;
import io.provisor.store.RevisionStore.Revision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every activated rule set, kept with its files, who activated it and when; rollback to any of them;
 * and activation of proposed files (written to the rules folder only once they compile).
 */
public final class RuleRevisions {

    private final RuleLibrary library;
    private final RevisionStore store;
    private final Clock clock;

    public RuleRevisions(RuleLibrary library, RevisionStore store, Clock clock) {
        this.library = library;
        this.store = store;
        this.clock = clock;
    }

    /** Listens to the library: every activation is stored with the set's files. */
    public void record(RuleLibrary.Activation activation) {
        RuleSet rules = library.active(activation.app()).orElse(null);
        if (rules == null || !rules.revision().equals(activation.revision())) {
            return;
        }
        store.activated(new Revision(activation.app(), activation.revision(), Json.write(files(rules.files())), activation.rules(),
                activation.actor(), clock.instant()), activation.previousRevision());
    }

    /** The app's revisions, newest first, with the active one marked, and the latest activations. */
    public Map<String, Object> list(String app) {
        requireApp(app);
        String active = library.active(app).map(RuleSet::revision).orElse(null);
        List<Map<String, Object>> revisions = new ArrayList<>();
        for (Revision revision : store.revisions(app)) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("revision", revision.revision());
            view.put("active", revision.revision().equals(active));
            view.put("rules", revision.ruleCount());
            view.put("createdBy", revision.createdBy());
            view.put("createdAt", revision.createdAt());
            revisions.add(view);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("active", active);
        view.put("value", revisions);
        view.put("activations", store.activations(app, 50));
        return view;
    }

    /** A stored revision's files (path → content). */
    public Map<String, String> files(String app, String revision) {
        Revision stored = store.revision(app, revision).orElseThrow(() -> new NotFound("revision", revision));
        try {
            return Json.mapper().readValue(stored.files(), new TypeReference<TreeMap<String, String>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("stored rule files are always a JSON object", e);
        }
    }

    /**
     * Makes an earlier revision active again: its app files replace the app's files on disk and the app
     * reloads. The common files stay as they are now, so the result is that revision exactly when they
     * have not changed since (the answer says which revision became active).
     */
    public RuleSet rollback(String app, String revision, String actor) throws RuleSetRejected {
        Map<String, String> appFiles = new TreeMap<>();
        files(app, revision).forEach((path, text) -> {
            if (path.startsWith(app + "/")) {
                appFiles.put(path, text);
            }
        });
        return activate(app, appFiles, actor);
    }

    /**
     * Replaces the app's rule files (DRL and app.json; its tests folder is left alone) with {@code appFiles}
     * (paths {@code <app>/<name>}) if, with the current common files, they compile; then reloads the app.
     * A set that does not compile changes nothing on disk.
     */
    public RuleSet activate(String app, Map<String, String> appFiles, String actor) throws RuleSetRejected {
        requireApp(app);
        List<RuleFile> proposed = new ArrayList<>(library.commonFiles());
        appFiles.forEach((path, text) -> {
            if (!path.matches(java.util.regex.Pattern.quote(app) + "/[A-Za-z0-9._-]+\\.(drl|json)")) {
                throw new BadInput("/files/" + path, "a rule file is `" + app + "/<name>.drl` or `" + app + "/app.json`");
            }
            proposed.add(RuleFile.of(path, text));
        });
        if (!appFiles.containsKey(app + "/app.json")) {
            throw new BadInput("/files", "the files must include `" + app + "/app.json`");
        }
        library.check(app, proposed);
        write(app, appFiles);
        RuleSet rules = library.reload(app, actor);
        if (rules == null) {
            throw library.lastFailure(app).orElseThrow();
        }
        return rules;
    }

    private void write(String app, Map<String, String> appFiles) {
        Path dir = library.root().resolve(app);
        try (Stream<Path> existing = Files.list(dir)) {
            for (Path file : existing.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if ((name.endsWith(".drl") || name.equals("app.json")) && !appFiles.containsKey(app + "/" + name)) {
                    Files.delete(file);
                }
            }
            for (Map.Entry<String, String> file : appFiles.entrySet()) {
                Path target = library.root().resolve(file.getKey());
                Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
                Files.writeString(temporary, file.getValue());
                Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rules of " + app, e);
        }
    }

    /** The files that make a set's revision, without the generated ones (rebuilt from app.json). */
    static Map<String, String> files(List<RuleFile> files) {
        Map<String, String> map = new TreeMap<>();
        files.stream().filter(file -> !file.generated()).forEach(file -> map.put(file.path(), file.text()));
        return map;
    }

    /** The proposed files of a request body: {@code {"files": {"<app>/x.drl": "..."}}}. */
    public static Map<String, String> filesOf(JsonNode body) {
        JsonNode files = body == null ? null : body.get("files");
        if (files == null || !files.isObject()) {
            throw new BadInput("/files", "send {\"files\": {\"<app>/<name>.drl\": \"...\", \"<app>/app.json\": \"...\"}}");
        }
        Map<String, String> map = new TreeMap<>();
        files.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new BadInput("/files/" + entry.getKey(), "a file's content is a string");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        });
        return map;
    }

    private void requireApp(String app) {
        if (!library.knows(app)) {
            throw new NotFound("app", app);
        }
    }
}
