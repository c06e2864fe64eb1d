package io.provisor.sandbox;

import com.sun.net.httpserver.HttpServer;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.complex.BulkConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ChangePasswordConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ETagConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.SortConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.base.GroupEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.schemas.custom.ResourceTypeFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SCIM 2.0 app in memory, for a newcomer to provision into and for tests: Users (with the enterprise extension)
 * and Groups under {@code /scim/v2}, the discovery endpoints, filtering, sorting and paging, PATCH (also in Entra's
 * legacy shapes), 409 {@code uniqueness} on {@code userName} and group {@code displayName}. Requests need
 * {@code Authorization: Bearer <token>} with the configured token or, when an OAuth2 client is configured, a token
 * from {@code POST /oauth2/token} (client credentials grant).
 *
 * <p>The captaingoldfish SCIM-SDK does the protocol; {@link InMemoryHandler} stores and indexes; the JDK's HTTP
 * server, bound to the loopback address only, carries the requests.
 */
public final class SandboxScimServer implements AutoCloseable {

    public static final String BASE_PATH = "/scim/v2";
    public static final String TOKEN_PATH = "/oauth2/token";
    /** The most resources one list response holds, whatever {@code count} asks for. */
    public static final int MAX_RESULTS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(SandboxScimServer.class);

    static {
        // The JDK server flushes a response's headers before its body; without TCP_NODELAY the body then waits for
        // the client's delayed ACK (Nagle), about 40 ms per request. The JDK reads this once, when its first server
        // starts, so it is set here unless the command line chose.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final int port;
    private final SandboxOAuthClient oauthClient;
    private final IssuedTokens issuedTokens = new IssuedTokens();
    private final UserHandler users = new UserHandler();
    private final GroupHandler groups = new GroupHandler();
    private final ScimExchange scim;
    private HttpServer server;
    private ExecutorService executor;

    /** A sandbox that accepts {@code bearerToken}; port 0 picks a free port. */
    public SandboxScimServer(int port, String bearerToken) {
        this(port, bearerToken, null);
    }

    /** A sandbox that also issues tokens to {@code oauthClient} (null for none) at {@link #tokenUrl()}. */
    public SandboxScimServer(int port, String bearerToken, SandboxOAuthClient oauthClient) {
        Objects.requireNonNull(bearerToken, "bearerToken");
        this.port = port;
        this.oauthClient = oauthClient;
        this.scim = new ScimExchange(endpoint(), new BearerAuthorization(bearerToken, issuedTokens));
    }

    private ResourceEndpoint endpoint() {
        ResourceEndpoint endpoint = new ResourceEndpoint(serviceProvider());
        for (var definition : List.of(new UserEndpointDefinition(users), new GroupEndpointDefinition(groups))) {
            // The handlers filter, sort and page themselves, see InMemoryHandler#listResources.
            endpoint.registerEndpoint(definition).setFeatures(ResourceTypeFeatures.builder()
                    .autoFiltering(false).autoSorting(false).build());
        }
        return endpoint;
    }

    private static ServiceProvider serviceProvider() {
        AuthenticationScheme bearer = AuthenticationScheme.builder()
                .name("OAuth Bearer Token").description("Authentication with a bearer token")
                .specUri("https://www.rfc-editor.org/info/rfc6750").type("oauthbearertoken").primary(true).build();
        // Entra's legacy PATCH shapes (filtered paths that match nothing, value sub-attributes) are accepted,
        // as an app that works with Entra accepts them.
        PatchConfig patch = PatchConfig.builder().supported(true).activateMsAzureFilterWorkaround(true)
                .activateMsAzureValueSubAttributeWorkaround(true).activateMsAzureComplexSimpleValueWorkaround(true).build();
        return ServiceProvider.builder()
                .filterConfig(FilterConfig.builder().supported(true).maxResults(MAX_RESULTS).build())
                .sortConfig(SortConfig.builder().supported(true).build())
                .patchConfig(patch)
                .changePasswordConfig(ChangePasswordConfig.builder().supported(false).build())
                .bulkConfig(BulkConfig.builder().supported(false).build())
                .eTagConfig(ETagConfig.builder().supported(false).build())
                .authenticationSchemes(List.of(bearer))
                .lenientContentTypeChecking(true)
                .build();
    }

    /** Binds to 127.0.0.1 and starts serving; returns this. */
    public synchronized SandboxScimServer start() {
        if (server != null) {
            throw new IllegalStateException("the sandbox is already running");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), task -> {
            Thread thread = new Thread(task, "sandbox-scim-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(BASE_PATH, scim);
        if (oauthClient != null) {
            server.createContext(TOKEN_PATH, new TokenEndpoint(oauthClient, issuedTokens));
        }
        server.start();
        LOG.info("sandbox SCIM app on {}", baseUrl());
        return this;
    }

    /** The SCIM base URL, e.g. {@code http://127.0.0.1:41234/scim/v2}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port() + BASE_PATH);
    }

    /** Where OAuth2 clients get tokens; only served when an OAuth2 client is configured. */
    public URI tokenUrl() {
        return URI.create("http://127.0.0.1:" + port() + TOKEN_PATH);
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the sandbox is not running");
        }
        return server.getAddress().getPort();
    }

    public int userCount() {
        return users.count();
    }

    public int groupCount() {
        return groups.count();
    }

    /** How many access tokens the token endpoint has issued. */
    public int tokensIssued() {
        return issuedTokens.issuedCount();
    }

    /** Makes every issued access token invalid, as a token revoked by the app would be. */
    public void revokeIssuedTokens() {
        issuedTokens.revokeAll();
    }

    /** Removes every user and group. */
    public void clear() {
        users.clear();
        groups.clear();
    }

    public synchronized void stop() {
        if (server != null) {
            LOG.info("sandbox SCIM app stopped with {} users and {} groups", userCount(), groupCount());
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
