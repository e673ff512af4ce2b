package io.gatescope.web.api;

import io.gatescope.analyzer.index.FindingsIndex;
import io.gatescope.ingest.parse.ParseContext;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the handlers use, handed to the app factory: the index, the health of the moving parts,
 * metrics and the secrets. Handlers reach it through the Javalin app data, never through globals.
 *
 * @param health component name to its state ("UP", "DOWN: reason", a Flink job state...)
 * @param apiToken null when the API is open
 * @param slackSigningSecret null when chatops is not configured
 * @param publicUrl base URL for links to incident pages
 * @param parse how pasted lines are read ({@code /api/explain}): the service's zone and custom
 *     formats
 */
public record AppContext(
        FindingsIndex index,
        Supplier<Map<String, String>> health,
        PrometheusMeterRegistry metrics,
        String apiToken,
        String slackSigningSecret,
        String publicUrl,
        ParseContext parse) {

    /** A context whose pasted lines are read with the default parse settings. */
    public AppContext(
            FindingsIndex index,
            Supplier<Map<String, String>> health,
            PrometheusMeterRegistry metrics,
            String apiToken,
            String slackSigningSecret,
            String publicUrl) {
        this(
                index,
                health,
                metrics,
                apiToken,
                slackSigningSecret,
                publicUrl,
                ParseContext.defaults());
    }
}
