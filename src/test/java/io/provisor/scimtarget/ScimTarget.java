package io.provisor.scimtarget;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real SCIM 2.0 server that tests provision into, read back through its own SCIM API.
 * Implementations: the in-JVM SCIM-SDK sandbox and SCIMMY on Node, started once per test run.
 */
public interface ScimTarget {

    /** Short name for test display names, e.g. {@code scim-sdk}, {@code scimmy}. */
    String name();

    /** The SCIM base URL, e.g. {@code http://127.0.0.1:41234/scim/v2}; Users are at {@code baseUrl + "/Users"}. */
    URI baseUrl();

    /** The bearer token the server accepts. */
    String token();

    /** Every user resource the server holds, read with GET /Users (all pages). */
    List<Map<String, Object>> users();

    /** Every group resource the server holds, with members, read with GET /Groups (all pages). */
    List<Map<String, Object>> groups();

    /** Removes every user and group, so a test starts from an empty target. */
    void reset();

    /** The process serving it, for a server that runs apart from this JVM; empty for one inside it. */
    default Optional<ProcessHandle> process() {
        return Optional.empty();
    }
}
