package io.gatescope.analyzer.job;

import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.parse.LineAssembler;
import io.gatescope.ingest.parse.Timestamps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parse operator's view of its sources beyond single lines: which lines go to the {@link
 * LineAssembler} (a source in the middle of an entry, or a line that may open one: its first byte a
 * brace or bracket, or an nginx error line), and each source's last time, which an upstream line
 * without a time of its own (Puma, Node.js) takes. Not thread-safe.
 */
final class LogicalLines {

    /** Sources whose last time is remembered at most. */
    static final int MAX_SOURCES = 10_000;

    private final LineAssembler assembler = new LineAssembler();
    private final io.gatescope.ingest.parse.LineBytes criView =
            new io.gatescope.ingest.parse.LineBytes();
    private final Map<String, Long> lastTime = new HashMap<>();
    // Per source: how many of its entries were an upstream's or platform's, and how many a
    // gateway's. A source only of the first kind is that server's log, whose other lines are
    // its chatter (uWSGI's banner, a Node.js app's stdout), not lines that failed to parse.
    private final Map<String, long[]> kinds = new HashMap<>();

    /** Whether this line must go through the assembler. */
    boolean mayHold(String source, byte[] b, int n) {
        if (assembler.holds(source)) {
            return true;
        }
        int i = 0;
        while (i < n && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i < n && (b[i] == '{' || b[i] == '[')) {
            // JSON, or a line that starts with a bracket (many do): the assembler looks closer.
            return b[i] == '{'
                    || i + 1 < n && (b[i + 1] == '\n' || b[i + 1] == '{' || b[i + 1] == ' ');
        }
        if (n > 32 && b[4] == '-' && b[10] == 'T') {
            // A container runtime's line cut in pieces (CRI tag P): put together first.
            int tag = LineAssembler.criPartialTag(criView.set(b, n));
            return tag > 0 && b[tag] == 'P';
        }
        return n > 20 && b[4] == '/' && b[7] == '/' && contains(b, n, STDERR);
    }

    private static final byte[] STDERR =
            "sent in stderr: \"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean contains(byte[] b, int n, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= n; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    List<LineAssembler.Entry> feed(String source, String line) {
        return assembler.feed(source, line);
    }

    List<LineAssembler.Entry> flush(String source) {
        return assembler.flush(source);
    }

    List<String> sources() {
        return assembler.sources();
    }

    // Per source, machine and kind: the routine line (a start, a line saying nothing went wrong)
    // last sent on. The joiner keeps one per minute anyway (TriggerJoiner.key); not
    // sending the rest spares a busy server's log most of its way.
    private final Map<String, UpstreamEvent[]> lastRoutine = new HashMap<>();

    /** Routine lines remembered per source: one per machine and kind, for a shared syslog. */
    static final int ROUTINE_SLOTS = 8;

    /**
     * Whether a routine line need not go on: it repeats the one of its source's minute already
     * sent, or it is a platform's routine event (an image pulled, a container created) that does
     * not say who is who either.
     */
    boolean repeatsRoutine(UpstreamEvent e) {
        if (e.signal() == UpstreamEvent.Signal.NOTE
                && e.software().equals("kubernetes")
                && io.gatescope.analyzer.triggers.PeerIdentities.learn(e).isEmpty()) {
            return true;
        }
        if (e.signal() != UpstreamEvent.Signal.NOTE && e.signal() != UpstreamEvent.Signal.STARTED
                || !e.origin().addresses().isEmpty()) {
            return false;
        }
        UpstreamEvent[] slots = lastRoutine.get(e.source());
        if (slots == null) {
            if (lastRoutine.size() >= MAX_SOURCES) {
                return false;
            }
            lastRoutine.put(e.source(), slots = new UpstreamEvent[ROUTINE_SLOTS]);
        }
        long minute = Math.floorDiv(e.timeMillis(), 60_000);
        int free = -1;
        for (int k = 0; k < slots.length; k++) {
            UpstreamEvent had = slots[k];
            if (had == null) {
                free = free < 0 ? k : free;
            } else if (had.signal() == e.signal()
                    && had.origin().host().equals(e.origin().host())
                    && had.origin().pod().equals(e.origin().pod())) {
                // Only a line that could not win the joiner's choice (the earliest of the
                // minute) stays back, so that what it keeps never depends on what came here.
                if (Math.floorDiv(had.timeMillis(), 60_000) == minute
                        && (e.timeMillis() > had.timeMillis()
                                || e.timeMillis() == had.timeMillis()
                                        && e.raw().compareTo(had.raw()) >= 0)) {
                    return true;
                }
                slots[k] = e;
                return false;
            }
        }
        // A new machine or kind: a free slot, else the oldest one's.
        int at = free;
        if (at < 0) {
            at = 0;
            for (int k = 1; k < slots.length; k++) {
                if (slots[k].timeMillis() < slots[at].timeMillis()) {
                    at = k;
                }
            }
        }
        slots[at] = e;
        return false;
    }

    /** One more entry of the source was recognised, as an upstream's line or a gateway's. */
    void recognised(String source, boolean upstream) {
        long[] k = kinds.get(source);
        if (k == null) {
            if (kinds.size() >= MAX_SOURCES) {
                return;
            }
            kinds.put(source, k = new long[2]);
        }
        k[upstream ? 0 : 1]++;
    }

    /** Whether the source is an upstream's or the platform's log, so far as its lines tell. */
    boolean upstreamLog(String source) {
        long[] k = kinds.get(source);
        return k != null && k[0] > 0 && k[1] == 0;
    }

    /**
     * What a checkpoint keeps: the sources' unfinished entries, last times and kinds, one string
     * each ({@code kind TAB length-of-source TAB source value}).
     */
    List<String> snapshot() {
        List<String> out = new java.util.ArrayList<>();
        assembler.held().forEach((source, text) -> out.add(entry('A', source, text)));
        lastTime.forEach((source, t) -> out.add(entry('T', source, Long.toString(t))));
        kinds.forEach((source, k) -> out.add(entry('K', source, k[0] + "," + k[1])));
        return out;
    }

    private static String entry(char kind, String source, String value) {
        return kind + "\t" + source.length() + "\t" + source + value;
    }

    /** Back to a snapshot's state (what {@link #snapshot()} wrote, of one or more instances). */
    void restore(Iterable<String> snapshot) {
        for (String s : snapshot) {
            int tab = s.indexOf('\t', 2);
            int len = Integer.parseInt(s.substring(2, tab));
            String source = s.substring(tab + 1, tab + 1 + len);
            String value = s.substring(tab + 1 + len);
            switch (s.charAt(0)) {
                case 'A' -> {
                    for (String line : value.split("\n", -1)) {
                        assembler.feed(source, line);
                    }
                }
                case 'T' -> lastTime.merge(source, Long.parseLong(value), Math::max);
                case 'K' -> {
                    int comma = value.indexOf(',');
                    long[] k = kinds.computeIfAbsent(source, x -> new long[2]);
                    k[0] += Long.parseLong(value.substring(0, comma));
                    k[1] += Long.parseLong(value.substring(comma + 1));
                }
                default -> {}
            }
        }
    }

    /** A time a source's line carried. */
    void seen(String source, long time) {
        if (lastTime.size() < MAX_SOURCES || lastTime.containsKey(source)) {
            lastTime.put(source, time);
        }
    }

    /** The event, timed by its source's last time when it carries none; its time is remembered. */
    UpstreamEvent timed(UpstreamEvent u) {
        if (u.timeMillis() != Timestamps.INVALID) {
            seen(u.source(), u.timeMillis());
            return u;
        }
        Long t = lastTime.get(u.source());
        return t == null ? u : u.withTime(t);
    }
}
