package io.provisor.store;

import java.nio.file.Path;

/**
 * How to reach the database. Without a URL, an embedded H2 file database under the data folder.
 *
 * @param schema the schema to use and create if missing (PostgreSQL), or null for the default
 */
public record StoreSettings(String url, String user, String password, String schema) {

    /**
     * H2 in a file under the data folder. {@code WRITE_DELAY=0} writes each commit out before the
     * commit returns: H2 otherwise delays it by up to half a second, and a killed process would lose
     * transactions it had already reported as committed (a bulk load raises it until it ends and reports
     * only what it has written out: {@code Database.delayCommits}). {@code QUERY_CACHE_SIZE=64}: a cycle runs about
     * twenty distinct statements per object on each pooled connection, and with H2's default of 8 cached
     * statements it parsed most of them again every time. {@code CACHE_SIZE=4096}: a 4 MB page cache instead of H2's
     * 16 MB. A cycle inserts each log record's search keys at random places in an index far larger than either, so
     * the cache cannot hold what the next insert needs; it only keeps each page read for that insert alive for
     * longer, long enough to survive a young collection. With 16 MB the collector copied 40-54 MB of survivors
     * per young collection in round 2 of a 100,000-user cycle, with 4 MB 10-20 MB, and its CPU per user fell by a
     * third; the outcome writer's CPU and a 1M-user import stayed the same (README, "Session 31").
     */
    public static StoreSettings embedded(Path dataDir) {
        String file = dataDir.toAbsolutePath().resolve("provisor").toString();
        return new StoreSettings("jdbc:h2:file:" + file + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=64;CACHE_SIZE=4096;DB_CLOSE_ON_EXIT=FALSE", "sa", "", null);
    }

    public Dialect dialect() {
        return Dialect.of(url);
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "StoreSettings[url=" + url.replaceAll("password=[^&;]*", "password=***") + ", user=" + user + ", schema=" + schema + "]";
    }
}
