package io.gatescope.web.api;

import static io.gatescope.web.api.SlackCommands.escape;
import static io.gatescope.web.api.SlackCommands.message;
import static io.gatescope.web.api.SlackCommands.section;

import io.gatescope.analyzer.explain.ExplainDocument;
import io.gatescope.analyzer.explain.LineReading;
import io.gatescope.analyzer.explain.PasteExplainer;
import io.gatescope.analyzer.explain.TellApart;
import io.gatescope.analyzer.model.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /gatescope explain <pasted lines>}: the paste's answer as a Block Kit message. */
final class SlackExplain {

    /** Lines listed one by one; a longer paste is summed up. */
    static final int LISTED_LINES = 8;

    private SlackExplain() {}

    static Map<String, Object> answer(AppContext app, String slackText) {
        // Slack escapes &, < and > in a command's text; the parsers want the lines as logged.
        String pasted =
                slackText.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip();
        if (pasted.isEmpty()) {
            return message("Usage: `/gatescope explain <pasted log lines>`", List.of());
        }
        if (pasted.length() > PasteExplainer.MAX_BYTES) {
            return message(
                    "More than 1 MiB of lines: run `gatescope analyze` on the files.", List.of());
        }
        ExplainDocument doc = new PasteExplainer(app.parse()).explain(pasted);
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(section(linesSaid(doc.lines())));
        if (doc.causes().isEmpty()) {
            blocks.add(
                    section(
                            "No gateway error in these lines. Paste the error-log line or the"
                                    + " access line with the 502."));
            return message("No gateway error in these lines", blocks);
        }
        int n = 0;
        for (Cause c : doc.causes()) {
            if (n++ == 3) {
                break;
            }
            blocks.add(section(SlackCommands.causeText(c, n == 1, false)));
        }
        if (!doc.tellApart().isEmpty()) {
            TellApart t = doc.tellApart().get(0);
            blocks.add(
                    section(
                            "*"
                                    + String.join(" or ", t.causes())
                                    + "?* "
                                    + escape(t.check())
                                    + "\n```"
                                    + escape(t.command())
                                    + "```"));
        }
        Cause top = doc.causes().get(0);
        return message(
                String.format(
                        Locale.ROOT,
                        "Most likely %s (%.0f%%)",
                        top.cause(),
                        100 * top.confidence()),
                blocks);
    }

    private static String linesSaid(List<LineReading> lines) {
        StringBuilder sb = new StringBuilder("*What the lines say*");
        int listed = 0;
        int skipped = 0;
        for (LineReading l : lines) {
            if (l.isContinuation()) {
                continue;
            }
            if (listed == LISTED_LINES) {
                skipped++;
                continue;
            }
            listed++;
            sb.append("\n• `").append(l.source()).append("` ").append(escape(l.note()));
        }
        if (skipped > 0) {
            sb.append("\n… and ").append(skipped).append(" more");
        }
        return sb.toString();
    }
}
