package io.provisor.cycle;

import io.provisor.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An app's secrets: the one saved through the API, else the environment variable of that name. Saved
 * values are kept for a short while, so a target request does not cost a query; a save through this
 * instance takes effect at once.
 */
final class Secrets {

    /** Another provisor instance on the same database may save a secret: it takes effect here after this long. */
    static final Duration CACHE = Duration.ofSeconds(30);

    private record Cached(Optional<String> saved, Instant until) {
    }

    private final JobStore jobs;
    private final Function<String, String> environment;
    private final Clock clock;
    private final Map<String, Cached> saved = new ConcurrentHashMap<>();

    Secrets(JobStore jobs, Function<String, String> environment, Clock clock) {
        this.jobs = jobs;
        this.environment = environment;
        this.clock = clock;
    }

    Optional<String> get(String app, String name) {
        Instant now = clock.instant();
        String key = key(app, name);
        Cached cached = saved.get(key); // a plain read first: compute locks the entry, and every target request asks
        if (cached == null || !now.isBefore(cached.until())) {
            cached = saved.compute(key, (k, current) -> current != null && now.isBefore(current.until())
                    ? current : new Cached(jobs.secret(app, name), now.plus(CACHE)));
        }
        return cached.saved().isPresent() ? cached.saved() : Optional.ofNullable(environment.apply(name));
    }

    void save(String app, String name, String value) {
        jobs.saveSecret(app, name, value);
        saved.remove(key(app, name));
    }

    private static String key(String app, String name) {
        return app + "\u0000" + name;
    }
}
