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
     * statements it parsed most of them again every time. {@code CACHE_SIZE=4096}: 4 MB instead of H2's 16. A cycle's
     * search keys land at random places in an index far larger than either, so a bigger cache spares few reads and
     * only keeps the pages read alive into young collections; with 4 MB the collector needs a third less CPU per
     * user (README, "Session 31"). {@code LOCK_TIMEOUT=10000}: a writer of provisioning log records waits for the log's
     * counter row while another commits its records (V14); H2's default of 2 s would fail a commit behind one slowed by
     * a full collection, where PostgreSQL waits as long as it takes.
     */
    public static StoreSettings embedded(Path dataDir) {
        String file = dataDir.toAbsolutePath().resolve("provisor").toString();
        return new StoreSettings("jdbc:h2:file:" + file + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=64;CACHE_SIZE=4096;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE", "sa", "", null);
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
