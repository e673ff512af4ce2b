package io.gatescope.web.api;

import io.gatescope.analyzer.explain.PasteExplainer;
import io.gatescope.analyzer.index.BadQueryException;
import io.javalin.Javalin;
import io.javalin.config.Key;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The app factory: routes, the token check, security headers and the one error mapping. */
public final class WebApp {

    static final Key<AppContext> CONTEXT = new Key<>("gatescope");
    static final Key<AnswerCache> ANSWERS = new Key<>("gatescope-answers");
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);

    /** No inline script or style, nothing from other origins: log text can never become code. */
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private WebApp() {}

    public static Javalin create(AppContext app) {
        Javalin j =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            // Room for a 1 MiB paste and its framing; ExplainHandler answers 413
                            // past the paste limit itself, with a problem document.
                            config.http.maxRequestSize = 2L * PasteExplainer.MAX_BYTES;
                            config.appData(CONTEXT, app);
                            config.appData(ANSWERS, new AnswerCache());
                            config.staticFiles.add(
                                    sf -> {
                                        sf.hostedPath = "/static";
                                        sf.directory = "/public";
                                        sf.location = Location.CLASSPATH;
                                    });
                        });
        j.before(
                ctx -> {
                    ctx.header("Content-Security-Policy", CSP);
                    ctx.header("X-Content-Type-Options", "nosniff");
                    ctx.header("Referrer-Policy", "no-referrer");
                });
        j.before("/api/*", WebApp::checkToken);
        j.get("/api/health", ApiHandlers::health);
        j.get("/api/incidents", ApiHandlers::incidents);
        j.get("/api/incidents/{id}", ApiHandlers::incident);
        j.get("/api/incidents/{id}/timeline", ApiHandlers::timeline);
        j.get("/api/search", ApiHandlers::search);
        j.post("/api/explain", ApiHandlers::explain);
        j.post("/api/chatops/slack", SlackCommands::handle);
        j.get("/openapi.json", ctx -> ctx.json(OpenApi.document()));
        j.get("/metrics", ApiHandlers::metrics);
        j.get("/", ctx -> page(ctx, "index.html"));
        j.get("/incidents/{id}", ctx -> page(ctx, "incident.html"));
        j.get("/search", ctx -> page(ctx, "search.html"));
        j.get("/explain", ctx -> page(ctx, "explain.html"));
        j.exception(Problem.class, (e, ctx) -> problem(ctx, e));
        j.exception(
                BadQueryException.class,
                (e, ctx) -> {
                    problem(ctx, Problem.badRequest(e.getMessage()));
                });
        j.exception(
                Exception.class,
                (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    problem(
                            ctx,
                            new Problem(
                                    500,
                                    "Internal Server Error",
                                    "the request failed; the server log has the details"));
                });
        j.error(
                404,
                ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                        problem(ctx, Problem.notFound("no such resource: " + ctx.path()));
                    }
                });
        return j;
    }

    private static void problem(Context ctx, Problem p) {
        ctx.status(p.status()).json(p.body(ctx.path()));
        ctx.contentType("application/problem+json");
    }

    /**
     * Every /api call but health and the Slack endpoint needs the bearer token, when one is set.
     */
    private static void checkToken(Context ctx) {
        String token = ctx.appData(CONTEXT).apiToken();
        if (token == null
                || token.isEmpty()
                || ctx.path().equals("/api/health")
                || ctx.path().equals("/api/chatops/slack")) {
            return;
        }
        String auth = ctx.header("Authorization");
        byte[] given =
                auth != null && auth.startsWith("Bearer ")
                        ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8)
                        : new byte[0];
        if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw Problem.unauthorized("send Authorization: Bearer <token>");
        }
    }

    private static void page(Context ctx, String name) {
        try (InputStream in = WebApp.class.getResourceAsStream("/public/" + name)) {
            if (in == null) {
                throw Problem.notFound("no page " + name);
            }
            ctx.contentType("text/html; charset=utf-8")
                    .result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
