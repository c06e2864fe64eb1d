package io.provisor.scimtarget;

import io.provisor.sandbox.SandboxOAuthClient;
import io.provisor.sandbox.SandboxScimServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The in-JVM sandbox SCIM app ({@link SandboxScimServer}), started once per JVM on a free loopback port, read back
 * with plain HTTP. It also serves an OAuth2 token endpoint for {@link #OAUTH_CLIENT}.
 */
public final class SandboxTarget implements ScimTarget {

    public static final String TOKEN = "sandbox-test-token-4f1e0c9b7a";
    public static final SandboxOAuthClient OAUTH_CLIENT = new SandboxOAuthClient("provisor-tests",
            "sandbox-client-secret-9d2c4e", Duration.ofMinutes(5));

    private static final class Holder {
        static final SandboxTarget INSTANCE = new SandboxTarget(new SandboxScimServer(0, TOKEN, OAUTH_CLIENT).start());
    }

    private final SandboxScimServer server;

    private SandboxTarget(SandboxScimServer server) {
        this.server = server;
    }

    public static SandboxTarget get() {
        return Holder.INSTANCE;
    }

    /** The running sandbox, for tests of sandbox-only behaviour (token endpoint, counts). */
    public SandboxScimServer server() {
        return server;
    }

    @Override
    public String name() {
        return "scim-sdk";
    }

    @Override
    public URI baseUrl() {
        return server.baseUrl();
    }

    @Override
    public String token() {
        return TOKEN;
    }

    @Override
    public List<Map<String, Object>> users() {
        return all("/Users");
    }

    @Override
    public List<Map<String, Object>> groups() {
        return all("/Groups");
    }

    @Override
    public void reset() {
        server.clear();
    }

    @Override
    public String toString() {
        return name();
    }

    private List<Map<String, Object>> all(String endpoint) {
        return ScimPages.readAll(baseUrl(), TOKEN, endpoint, SandboxScimServer.MAX_RESULTS);
    }
}
