package io.provisor.rules;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads an app's rules when its files change on disk (and every app when {@code common/} changes).
 * Editors write files in several steps, so changes are collected until the folder is quiet.
 */
public final class RuleWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleWatcher.class);
    private static final long QUIET_MILLIS = 250;

    private final RuleLibrary library;
    private final WatchService watcher;
    private final Thread thread;
    private final Consumer<String> reloaded;

    /** @param reloaded told the name of each app after it was reloaded (whether or not it compiled) */
    public RuleWatcher(RuleLibrary library, Consumer<String> reloaded) throws IOException {
        this.library = library;
        this.reloaded = reloaded;
        this.watcher = FileSystems.getDefault().newWatchService();
        registerAll();
        this.thread = new Thread(this::run, "rule-watcher");
        thread.setDaemon(true);
    }

    public RuleWatcher start() {
        thread.start();
        return this;
    }

    private void registerAll() throws IOException {
        Path root = library.root();
        root.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void run() {
        try {
            while (true) {
                Set<String> changed = new HashSet<>();
                collect(watcher.take(), changed);
                WatchKey more;
                while ((more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    collect(more, changed);
                }
                reload(changed);
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private void collect(WatchKey key, Set<String> changed) {
        Path dir = (Path) key.watchable();
        for (var event : key.pollEvents()) {
            Path path = dir.resolve((Path) event.context());
            Path relative = library.root().relativize(path);
            changed.add(relative.getName(0).toString());
        }
        key.reset();
    }

    private void reload(Set<String> changed) {
        try {
            registerAll();
        } catch (IOException e) {
            LOG.warn("cannot watch new rule folders: {}", e.getMessage());
        }
        Set<String> apps = changed.contains(RuleLibrary.COMMON) ? library.apps() : changed;
        if (changed.contains(RuleLibrary.COMMON)) {
            library.reloadAll();
        }
        for (String app : apps) {
            if (!changed.contains(RuleLibrary.COMMON) && library.knows(app)) {
                library.reload(app);
            }
            reloaded.accept(app);
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
