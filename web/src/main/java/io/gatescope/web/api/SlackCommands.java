package io.gatescope.web.api;

import io.gatescope.analyzer.index.FindingsIndex;
import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Dimension;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Incident;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/chatops/slack}: the slash commands {@code /gatescope incidents}, {@code
 * /gatescope why SERVICE}, {@code /gatescope show ID} and {@code /gatescope explain LINES},
 * answered at once (well within Slack's 3 s) with Block Kit messages. Every request is checked
 * against the signing secret first.
 */
final class SlackCommands {

    private SlackCommands() {}

    static void handle(Context ctx) {
        AppContext app = ApiHandlers.app(ctx);
        byte[] body = ctx.bodyAsBytes();
        SlackSignature.verify(
                app.slackSigningSecret(),
                ctx.header("X-Slack-Request-Timestamp"),
                ctx.header("X-Slack-Signature"),
                body,
                Instant.now());
        Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
        String text = form.getOrDefault("text", "").trim();
        String[] words = text.split("\\s+", 2);
        String verb = words[0].toLowerCase(Locale.ROOT);
        String arg = words.length > 1 ? words[1].trim() : "";
        ctx.json(
                switch (verb) {
                    case "incidents", "list" -> list(app);
                    case "why" ->
                            arg.isEmpty()
                                    ? message("Usage: `/gatescope why SERVICE`", List.of())
                                    : why(app, arg);
                    case "show" -> show(app, arg);
                    case "explain" -> SlackExplain.answer(app, arg);
                    default ->
                            message(
                                    "Usage: `/gatescope incidents`, `/gatescope why SERVICE`, `/gatescope show ID`,"
                                            + " `/gatescope explain <pasted log lines>`",
                                    List.of());
                });
    }

    private static Map<String, Object> list(AppContext app) {
        List<Incident> incidents =
                app.index()
                        .incidents(
                                new FindingsIndex.IncidentQuery(
                                        null, null, null, null, null, null, 8))
                        .incidents();
        if (incidents.isEmpty()) {
            return message("No incidents.", List.of());
        }
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(section("*Latest incidents*"));
        for (Incident i : incidents) {
            blocks.add(section(headline(app, i)));
        }
        return message(incidents.size() + " incidents", blocks);
    }

    private static Map<String, Object> why(AppContext app, String service) {
        List<Incident> found =
                app.index()
                        .incidents(
                                new FindingsIndex.IncidentQuery(
                                        null, null, service, null, null, null, 1))
                        .incidents();
        return found.isEmpty()
                ? message("No incidents for " + escape(service) + ".", List.of())
                : detail(app, found.get(0));
    }

    private static Map<String, Object> show(AppContext app, String id) {
        Incident i = id.matches("[A-Za-z0-9_-]{1,64}") ? app.index().incident(id) : null;
        return i == null ? message("No incident " + escape(id) + ".", List.of()) : detail(app, i);
    }

    private static Map<String, Object> detail(AppContext app, Incident i) {
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(section(headline(app, i)));
        if (!i.dimensions().isEmpty()) {
            blocks.add(section(dimensionsText(i.dimensions())));
        }
        int n = 0;
        for (Cause c : i.causes()) {
            if (n++ == 3) {
                break;
            }
            blocks.add(section(causeText(c, n == 1, true)));
        }
        return message(escape(i.service()) + ": " + i.topCause(), blocks);
    }

    /**
     * One cause in mrkdwn: code, confidence, summary and trigger; for the leading one its fix (and,
     * with {@code evidence}, its first two kinds of evidence).
     */
    static String causeText(Cause c, boolean leading, boolean evidence) {
        StringBuilder sb =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "*%s* %.0f%% — %s",
                                c.cause(),
                                100 * c.confidence(),
                                escape(c.summary())));
        if (c.trigger() != null) {
            sb.append("\n*Trigger:* `")
                    .append(c.trigger().kind())
                    .append("` ")
                    .append(escape(c.trigger().summary()));
        }
        if (!leading) {
            return sb.toString();
        }
        if (evidence) {
            for (Evidence e : c.evidence().subList(0, Math.min(2, c.evidence().size()))) {
                sb.append(String.format(Locale.ROOT, "\n• %d × `%s`", e.count(), escape(e.text())));
            }
        }
        if (!c.fixes().isEmpty()) {
            sb.append("\n*Fix:* ").append(escape(c.fixes().get(0).title()));
            if (!c.fixes().get(0).config().isEmpty()) {
                sb.append("\n```").append(escape(c.fixes().get(0).config())).append("```");
            }
        }
        return sb.toString();
    }

    /** What the failing requests share, one value a line: field, value, failing vs all. */
    static String dimensionsText(List<Dimension> dims) {
        StringBuilder sb = new StringBuilder("*The failing requests share:*");
        for (Dimension d : dims) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "\n• %s `%s`: %.0f%% of failing, %.0f%% of all requests",
                            d.field(),
                            escape(d.value()),
                            100 * d.failing(),
                            100 * d.baseline()));
        }
        return sb.toString();
    }

    private static String headline(AppContext app, Incident i) {
        String top =
                i.causes().isEmpty()
                        ? "UNKNOWN"
                        : String.format(
                                Locale.ROOT,
                                "%s %.0f%%",
                                i.topCause(),
                                100 * i.causes().get(0).confidence());
        return String.format(
                Locale.ROOT,
                "<%s/incidents/%s|%s> %s · %s · %s → %s · %d errors · %s",
                app.publicUrl(),
                i.id(),
                i.id(),
                escape(i.service()),
                i.status(),
                i.start(),
                i.end(),
                i.errors(),
                top);
    }

    static Map<String, Object> section(String mrkdwn) {
        return Map.of(
                "type",
                "section",
                "text",
                Map.of(
                        "type",
                        "mrkdwn",
                        "text",
                        mrkdwn.length() > 2900 ? mrkdwn.substring(0, 2900) + "…" : mrkdwn));
    }

    static Map<String, Object> message(String text, List<Map<String, Object>> blocks) {
        return Map.of(
                "response_type",
                "ephemeral",
                "text",
                text,
                "blocks",
                blocks.isEmpty() ? List.of(section(text)) : blocks);
    }

    /** Slack's mrkdwn needs &, < and > escaped; log text is attacker-controlled. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
