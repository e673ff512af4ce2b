package io.gatescope.ingest.paste;

import io.gatescope.ingest.parse.LineAssembler;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a paste into entries the way the log files would have held them: blank lines dropped, a
 * JSON entry printed over several lines and an nginx error entry whose PHP message goes on over
 * lines put back together, the pieces of a CRI line joined. An entry left open when the paste ends
 * (a JSON object cut short) stays one entry, for the recogniser to close.
 */
public final class PasteReader {

    private static final String SOURCE = "paste";

    private PasteReader() {}

    /** The entries of {@code text}, in order; every non-blank physical line belongs to one. */
    public static List<PastedEntry> entries(String text) {
        List<String> physical = new ArrayList<>();
        for (String l : text.split("\r?\n", -1)) {
            if (!l.isBlank()) {
                physical.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            }
        }
        List<PastedEntry> out = new ArrayList<>();
        LineAssembler assembler = new LineAssembler();
        int start = 0;
        for (int i = 0; i < physical.size(); i++) {
            List<LineAssembler.Entry> done = assembler.feed(SOURCE, physical.get(i));
            if (!done.isEmpty()) {
                add(out, physical, start, i + 1, done);
                start = i + 1;
            }
        }
        if (start < physical.size()) {
            String held = assembler.held().getOrDefault(SOURCE, "");
            List<String> rest = physical.subList(start, physical.size());
            if (held.stripLeading().startsWith("{") || held.stripLeading().startsWith("[")) {
                // A JSON entry cut short: one entry, closed by the recogniser.
                out.add(new PastedEntry(start, List.copyOf(rest), String.join(" ", rest)));
            } else {
                add(out, physical, start, physical.size(), assembler.flush(SOURCE));
            }
        }
        return out;
    }

    /**
     * Physical lines {@code [from, to)} became {@code done}: a document's items share its lines
     * (the first item shows them), lines given back one by one map one to one.
     */
    private static void add(
            List<PastedEntry> out,
            List<String> physical,
            int from,
            int to,
            List<LineAssembler.Entry> done) {
        int at = from;
        for (int k = 0; k < done.size(); k++) {
            LineAssembler.Entry e = done.get(k);
            int n = k == done.size() - 1 ? to - at : Math.min(Math.max(e.lines(), 0), to - at);
            List<String> lines = List.copyOf(physical.subList(at, at + n));
            out.add(new PastedEntry(at, lines, e.line()));
            at += n;
        }
    }
}
