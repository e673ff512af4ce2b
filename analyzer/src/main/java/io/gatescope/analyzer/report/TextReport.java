package io.gatescope.analyzer.report;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Dimension;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Fix;
import io.gatescope.analyzer.model.Incident;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The report a person reads in a terminal: summary, then each incident with causes, evidence and
 * the first fix.
 */
public final class TextReport {

    private TextReport() {}

    /** What an incident's late lines mean, in one sentence (the UI and Slack say the same). */
    public static String lateNote(Incident i) {
        if (i.lateErrorLines() > 0) {
            return String.format(
                    Locale.ROOT,
                    "%d lines of this period arrived too late to be analysed; %d of them are"
                            + " error-log lines, so the failures they explain were not joined",
                    i.lateLines(),
                    i.lateErrorLines());
        }
        return String.format(
                Locale.ROOT,
                "%d lines of this period arrived too late to be analysed; its counts leave them out",
                i.lateLines());
    }

    /** Up to this many lines, a run without incidents points to {@code explain}. */
    static final long FEW_LINES = 200;

    public static void print(AnalysisDocument doc, PrintStream out) {
        Summary s = doc.summary();
        out.printf(
                Locale.ROOT,
                "gatescope: %d file(s), %d lines (%d parsed, %d rejected), %d requests, %d answered 502%n",
                s.files(),
                s.lines(),
                s.parsed(),
                s.rejected(),
                s.requests(),
                s.status502());
        if (s.from() != null) {
            out.printf(Locale.ROOT, "period: %s .. %s%n", s.from(), s.to());
        }
        if (!s.rejectedByReason().isEmpty()) {
            out.println("rejected lines by reason: " + s.rejectedByReason());
        }
        if (s.late() > 0) {
            out.printf(
                    Locale.ROOT,
                    "%d lines came after their period was analysed (more than the allowed disorder"
                            + " behind the rest of their file), counted but not analysed: %s%n",
                    s.late(),
                    s.lateBySource());
        }
        if (doc.incidents().isEmpty()) {
            out.println();
            out.println("No incidents: no episode of gateway errors stood out from the baseline.");
            if (s.lines() <= FEW_LINES) {
                // A handful of lines makes no episode; what each one means is explain's answer.
                out.println(
                        "For what a few pasted lines mean, run: gatescope explain FILE"
                                + " (or pipe them: ... | gatescope explain)");
            }
            return;
        }
        for (Incident i : doc.incidents()) {
            out.println();
            out.printf(
                    Locale.ROOT,
                    "INCIDENT %s  %s  %s  %s .. %s%n",
                    i.id(),
                    i.kind().toUpperCase(Locale.ROOT),
                    i.service(),
                    i.start(),
                    i.end());
            String peers = i.targets().isEmpty() ? "-" : String.join(", ", i.targets());
            if (i.requests() == 0) {
                out.printf(
                        Locale.ROOT,
                        "  %d failure lines in the error log (no access log for this service); peers: %s%n",
                        i.errors(),
                        peers);
            } else {
                out.printf(
                        Locale.ROOT,
                        "  %d gateway errors in %d requests; peers: %s%n",
                        i.errors(),
                        i.requests(),
                        peers);
            }
            if (i.lateLines() > 0) {
                out.println("  note: " + lateNote(i));
            }
            for (Dimension d : i.dimensions()) {
                out.printf(
                        Locale.ROOT,
                        "  shared: %-12s %-40s %3.0f%% of failing, %3.0f%% of all requests%n",
                        d.field(),
                        d.value(),
                        100 * d.failing(),
                        100 * d.baseline());
            }
            int rank = 1;
            for (Cause c : i.causes()) {
                out.printf(
                        Locale.ROOT,
                        "  %d. %-22s %3.0f%%  %s%n",
                        rank++,
                        c.cause(),
                        100 * c.confidence(),
                        c.summary());
                if (rank == 2) {
                    for (Evidence e : c.evidence()) {
                        out.printf(Locale.ROOT, "       %6d × %s%n", e.count(), e.text());
                        if (!e.examples().isEmpty()) {
                            out.println("              e.g. " + e.examples().get(0));
                        }
                    }
                    if (c.trigger() != null) {
                        out.println(
                                "     trigger: "
                                        + c.trigger().kind()
                                        + " — "
                                        + c.trigger().summary());
                        for (Evidence e : c.trigger().evidence()) {
                            out.printf(Locale.ROOT, "       %6d × %s%n", e.count(), e.text());
                        }
                    }
                    if (!c.fixes().isEmpty()) {
                        Fix f = c.fixes().get(0);
                        out.println("     fix: " + f.title() + " — " + f.detail());
                        if (!f.config().isEmpty()) {
                            f.config().lines().forEach(l -> out.println("          " + l));
                        }
                    }
                }
            }
            if (i.nearby() != null && !i.nearby().isEmpty()) {
                out.println("  nearby, not joined to this incident's peers:");
                for (Evidence e : i.nearby()) {
                    out.printf(Locale.ROOT, "       %6d × %s%n", e.count(), e.text());
                }
            }
        }
    }
}
