package io.gatescope.web.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 description, generated from the same route table the app registers, so the two
 * cannot drift apart.
 */
final class OpenApi {

    /** One documented route. */
    record Route(String method, String path, String summary, List<String> query, boolean secured) {}

    static final List<Route> ROUTES =
            List.of(
                    new Route(
                            "get",
                            "/api/health",
                            "State of Kafka, the analyzer job and the index",
                            List.of(),
                            false),
                    new Route(
                            "get",
                            "/api/incidents",
                            "Incidents, newest first",
                            List.of(
                                    "from", "to", "service", "cause", "status", "q", "limit",
                                    "trigger"),
                            true),
                    new Route(
                            "get",
                            "/api/incidents/{id}",
                            "One incident with causes, evidence and fixes",
                            List.of(),
                            true),
                    new Route(
                            "get",
                            "/api/incidents/{id}/timeline",
                            "Per-step series of the incident's service",
                            List.of("step"),
                            true),
                    new Route(
                            "get",
                            "/api/search",
                            "Full-text search (Lucene syntax) over findings and evidence",
                            List.of("q", "limit"),
                            true),
                    new Route(
                            "post",
                            "/api/explain",
                            "Explain pasted log lines (text/plain body, at most 1 MiB, else 413):"
                                    + " each line read, the likely causes, how to tell them apart",
                            List.of(),
                            true),
                    new Route(
                            "post",
                            "/api/chatops/slack",
                            "Slack slash command (signed with the Slack signing secret)",
                            List.of(),
                            false));

    private OpenApi() {}

    static Map<String, Object> document() {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route r : ROUTES) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            List<Map<String, Object>> params = new java.util.ArrayList<>();
            if (r.path().contains("{id}")) {
                params.add(
                        Map.of(
                                "name",
                                "id",
                                "in",
                                "path",
                                "required",
                                true,
                                "schema",
                                Map.of("type", "string")));
            }
            r.query()
                    .forEach(
                            q ->
                                    params.add(
                                            Map.of(
                                                    "name",
                                                    q,
                                                    "in",
                                                    "query",
                                                    "required",
                                                    q.equals("q") && r.path().equals("/api/search"),
                                                    "schema",
                                                    Map.of(
                                                            "type",
                                                            q.equals("limit")
                                                                    ? "integer"
                                                                    : "string"))));
            op.put("parameters", params);
            if (r.path().equals("/api/explain")) {
                op.put(
                        "requestBody",
                        Map.of(
                                "required",
                                true,
                                "content",
                                Map.of("text/plain", Map.of("schema", Map.of("type", "string")))));
            }
            if (r.secured()) {
                op.put("security", List.of(Map.of("bearer", List.of())));
            }
            op.put(
                    "responses",
                    Map.of(
                            "200",
                            Map.of("description", "OK"),
                            "400",
                            Map.of("description", "Bad request (problem document)"),
                            "401",
                            Map.of("description", "Missing or wrong credentials"),
                            "404",
                            Map.of("description", "Not found")));
            @SuppressWarnings("unchecked")
            Map<String, Object> item =
                    (Map<String, Object>)
                            paths.computeIfAbsent(r.path(), k -> new LinkedHashMap<>());
            item.put(r.method(), op);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put(
                "info",
                Map.of(
                        "title",
                        "gatescope",
                        "version",
                        "0.1.0",
                        "description",
                        "Why your gateway answers 502, and what to change."));
        doc.put("paths", paths);
        doc.put(
                "components",
                Map.of(
                        "securitySchemes",
                        Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
        return doc;
    }
}
