package io.gatescope.web.api;

import io.gatescope.analyzer.explain.PasteExplainer;
import io.gatescope.analyzer.index.FindingsIndex;
import io.gatescope.analyzer.model.Incident;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.HttpOutput;

/** The REST handlers: thin, static, everything they need comes from the {@link AppContext}. */
final class ApiHandlers {

    private ApiHandlers() {}

    static AppContext app(Context ctx) {
        return ctx.appData(WebApp.CONTEXT);
    }

    static void health(Context ctx) {
        Map<String, String> parts = app(ctx).health().get();
        // Only the moving parts count; other entries (where the analyzer runs) are information.
        boolean up =
                java.util.stream.Stream.of("kafka", "analyzer", "index")
                        .map(k -> parts.getOrDefault(k, "UP"))
                        .allMatch(v -> v.equals("UP") || v.equals("RUNNING"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DEGRADED");
        body.putAll(parts);
        ctx.json(body);
    }

    static void incidents(Context ctx) throws IOException {
        FindingsIndex index = app(ctx).index();
        FindingsIndex.IncidentQuery query =
                new FindingsIndex.IncidentQuery(
                        Params.time(ctx, "from"),
                        Params.time(ctx, "to"),
                        ctx.queryParam("service"),
                        ctx.queryParam("cause"),
                        ctx.queryParam("status"),
                        ctx.queryParam("q"),
                        Params.limit(ctx, 50, FindingsIndex.MAX_LIMIT),
                        Params.trigger(ctx));
        AnswerCache.Answer answer =
                ctx.appData(WebApp.ANSWERS)
                        .get(
                                query.toString(),
                                index.version(),
                                () -> {
                                    FindingsIndex.Page page = index.incidents(query);
                                    return ctx.jsonMapper()
                                            .toJsonString(
                                                    Map.of(
                                                            "incidents",
                                                            page.incidents(),
                                                            "total",
                                                            page.total()),
                                                    Map.class);
                                });
        ctx.contentType(io.javalin.http.ContentType.APPLICATION_JSON);
        ctx.header("Vary", "Accept-Encoding");
        if (acceptsGzip(ctx.header("Accept-Encoding"))) {
            // Already compressed: Javalin leaves a response with a Content-Encoding as it is.
            ctx.header("Content-Encoding", "gzip");
            send(ctx, answer.gzip());
        } else {
            send(ctx, answer.json());
        }
    }

    /**
     * Sends a kept answer as it is: with Jetty, headers and body leave in one gathering write
     * straight from the direct buffer. Javalin's result stream would copy it in 8 KB pieces through
     * a 32 KB buffer and write it in two.
     */
    static void send(Context ctx, ByteBuffer body) throws IOException {
        ByteBuffer b = body.duplicate().clear(); // kept buffers are exactly their content
        ctx.res().setContentLength(b.remaining());
        if (ctx.res().getOutputStream() instanceof HttpOutput out) {
            out.sendContent(b);
        } else {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            ctx.result(bytes);
        }
    }

    /** The Accept-Encoding header allows gzip (named or {@code *}, without {@code q=0}). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            String name = p[0].trim();
            if (name.equalsIgnoreCase("gzip") || name.equals("*")) {
                for (int i = 1; i < p.length; i++) {
                    String q = p[i].trim().replace(" ", "");
                    if (q.startsWith("q=") && q.substring(2).matches("0(\\.0*)?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    static Incident incidentOr404(Context ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw Problem.badRequest("not an incident id: use the id from /api/incidents");
        }
        Incident i = app(ctx).index().incident(id);
        if (i == null) {
            throw Problem.notFound("no incident " + id);
        }
        return i;
    }

    static void incident(Context ctx) {
        ctx.json(incidentOr404(ctx));
    }

    static void timeline(Context ctx) {
        Incident i = incidentOr404(ctx);
        Long step = Params.stepMillis(ctx);
        long[] range = Timeline.range(i);
        ctx.json(
                Timeline.build(
                        i,
                        app(ctx).index().steps(i.service(), range[0], range[1], 20_000),
                        step,
                        range[0],
                        range[1]));
    }

    static void search(Context ctx) {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw Problem.badRequest("'q' is required: a Lucene query such as connect AND refused");
        }
        FindingsIndex.Page page =
                app(ctx).index().search(q, Params.limit(ctx, 50, FindingsIndex.MAX_LIMIT));
        List<Map<String, Object>> results =
                page.incidents().stream().map(i -> SearchContext.of(i, q)).toList();
        ctx.json(Map.of("query", q, "results", results, "total", page.total()));
    }

    /** {@code POST /api/explain}: the paste in the body, the contract's section 2b answer. */
    static void explain(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > PasteExplainer.MAX_BYTES) {
            throw new Problem(
                    413,
                    "Content Too Large",
                    "more than 1 MiB of lines: run 'gatescope analyze' on the files instead");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        ctx.json(new PasteExplainer(app(ctx).parse()).explain(text));
    }

    static void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(app(ctx).metrics().scrape());
    }
}
