package io.gatescope.analyzer.explain;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Fix;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The short human answer of {@code gatescope explain}: the lines, the causes, what to check. */
public final class ExplainText {

    /** Causes printed in full; the rest by name and confidence. */
    static final int DETAILED = 3;

    private ExplainText() {}

    public static void print(ExplainDocument doc, PrintStream out) {
        out.println("What the lines say:");
        List<LineReading> lines = doc.lines();
        for (int i = 0; i < lines.size(); i++) {
            LineReading l = lines.get(i);
            out.printf(Locale.ROOT, "  %d. [%s] %s%n", i + 1, l.source(), l.note());
            // A pretty-printed entry is one thing to a reader: its other lines are not listed.
            int more = 0;
            while (i + 1 < lines.size() && lines.get(i + 1).isContinuation()) {
                i++;
                more++;
            }
            if (more > 0) {
                out.printf(
                        Locale.ROOT,
                        "     (lines %d-%d continue this entry)%n",
                        i + 2 - more,
                        i + 1);
            }
        }
        out.println();
        if (doc.causes().isEmpty()) {
            out.println(
                    "No gateway error in these lines: nothing to explain. Paste the error-log line or"
                            + " the access line with the 502 (with its upstream fields, if logged).");
            return;
        }
        out.println("Likely causes:");
        List<Cause> causes = doc.causes();
        for (int i = 0; i < causes.size(); i++) {
            Cause c = causes.get(i);
            out.printf(Locale.ROOT, "  %d. %s (%.0f%%)", i + 1, c.cause(), c.confidence() * 100);
            if (i >= DETAILED) {
                out.println();
                continue;
            }
            out.println(": " + c.summary());
            if (c.trigger() != null) {
                out.println("     trigger: " + c.trigger().kind() + ": " + c.trigger().summary());
            }
            for (Fix f : c.fixes().subList(0, Math.min(2, c.fixes().size()))) {
                out.println("     fix: " + f.title());
                for (String line : f.config().split("\n")) {
                    if (!line.isBlank()) {
                        out.println("         " + line);
                    }
                }
            }
        }
        if (!doc.tellApart().isEmpty()) {
            out.println();
            out.println("To tell them apart:");
            for (TellApart t : doc.tellApart()) {
                out.println("  " + String.join(" vs ", t.causes()) + ": " + t.check());
                for (String line : t.command().split("\n")) {
                    out.println("    $ " + line);
                }
            }
        }
    }
}
