package io.provisor.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.provisor.codec.Json;
import io.provisor.rules.RuleLibrary;

/** provisor's HTTP API: one Javalin instance configured in one place. */
public final class ApiServer {

    /** Bodies larger than this are refused with 413 before they are read. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private final Javalin app;

    public ApiServer(Services services, ApiToken token) {
        RuleLibrary library = services.rules();
        EvaluateRoutes evaluate = new EvaluateRoutes(library, services.engine(), services.directory(),
                services.governance().revisionStore());
        RevisionRoutes revisions = new RevisionRoutes(services.governance().revisions(), services.governance().replay(),
                services.governance().activation(), token.name());
        PreviewRoutes previews = new PreviewRoutes(services.governance().previews(), services.governance().previewStore());
        RuleRoutes rules = new RuleRoutes(library, token.name());
        PolicyTestRoutes tests = new PolicyTestRoutes(library, services.engine());
        DirectoryRoutes directory = new DirectoryRoutes(services.directory(), library);
        LogRoutes logs = new LogRoutes(services.logs(), services.audit(), library);
        JobRoutes jobs = new JobRoutes(services.provisioning(), token.name());
        this.app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.startup.showJavalinBanner = false;
            Problems.register(config);
            config.routes.before("/api/*", ctx -> authorize(ctx, token));
            config.routes.get("/health", ctx -> ctx.json(java.util.Map.of("status", "ok")));
            config.routes.get("/api/v1/apps", rules::listApps);
            config.routes.post("/api/v1/apps/{app}/evaluate", evaluate::evaluate);
            config.routes.get("/api/v1/apps/{app}/rules", rules::describe);
            config.routes.post("/api/v1/apps/{app}/rules/validate", rules::validate);
            config.routes.post("/api/v1/apps/{app}/rules/reload", rules::reload);
            config.routes.put("/api/v1/apps/{app}/rules", revisions::put);
            config.routes.get("/api/v1/apps/{app}/rules/revisions", revisions::list);
            config.routes.get("/api/v1/apps/{app}/rules/revisions/{revision}", revisions::files);
            config.routes.post("/api/v1/apps/{app}/rules/revisions/{revision}/activate", revisions::activateRevision);
            config.routes.post("/api/v1/apps/{app}/rules/preview", previews::run);
            config.routes.get("/api/v1/apps/{app}/rules/previews/{id}", previews::get);
            config.routes.post("/api/v1/decisions/{id}/replay", revisions::replay);
            config.routes.post("/api/v1/apps/{app}/rules/test", tests::run);
            config.routes.post("/api/v1/apps/{app}/assignments", directory::assign);
            config.routes.delete("/api/v1/apps/{app}/assignments", directory::unassign);
            config.routes.get("/api/v1/apps/{app}/status", jobs::status);
            config.routes.post("/api/v1/apps/{app}/start", jobs::start);
            config.routes.post("/api/v1/apps/{app}/pause", jobs::pause);
            config.routes.post("/api/v1/apps/{app}/restart", jobs::restart);
            config.routes.post("/api/v1/apps/{app}/cycles", jobs::runCycle);
            config.routes.post("/api/v1/apps/{app}/allow-deletes", jobs::allowDeletes);
            config.routes.post("/api/v1/apps/{app}/provision-on-demand", jobs::provisionOnDemand);
            config.routes.post("/api/v1/apps/{app}/test-connection", jobs::testConnection);
            config.routes.get("/api/v1/apps/{app}/connector", jobs::getConnector);
            config.routes.put("/api/v1/apps/{app}/connector", jobs::putConnector);
            config.routes.get("/api/v1/apps/{app}/logs", logs::search);
            config.routes.get("/api/v1/apps/{app}/logs/{id}", logs::get);
            config.routes.get("/api/v1/audit", logs::audit);
            config.routes.put("/api/v1/directory/users/{id}", directory::putUser);
            config.routes.get("/api/v1/directory/users/{id}", directory::getUser);
            config.routes.delete("/api/v1/directory/users/{id}", directory::deleteUser);
            config.routes.post("/api/v1/directory/users/{id}/restore", directory::restoreUser);
            config.routes.put("/api/v1/directory/groups/{id}", directory::putGroup);
            config.routes.get("/api/v1/directory/groups/{id}", directory::getGroup);
            config.routes.delete("/api/v1/directory/groups/{id}", directory::deleteGroup);
            config.routes.post("/api/v1/directory/groups/{id}/restore", directory::restoreGroup);
            config.routes.get("/api/v1/directory/changes", directory::changes);
            config.routes.post("/api/v1/directory/import", directory::importSnapshot);
        });
    }

    private static void authorize(Context ctx, ApiToken token) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (!token.matches(presented)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"provisor\"");
            throw new ApiException(Problem.of(401, "unauthorized", "Unauthorized",
                    "send `Authorization: Bearer <token>`; the token is PROVISOR_API_TOKEN or the api-token file in the data folder"));
        }
    }

    /** Starts on the port (0 for any free one) of the loopback or all interfaces, as given. */
    public ApiServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
