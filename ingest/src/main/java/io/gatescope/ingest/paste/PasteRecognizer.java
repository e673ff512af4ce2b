package io.gatescope.ingest.paste;

import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a pasted entry with the same parsers as the log files, and when they refuse it, the way a
 * person would: past a prefix a terminal, a viewer or {@code kubectl} put in front, with the
 * poster's anonymisation put back into a shape the parsers take, JSON escapes undone, a JSON entry
 * closed where the paste cut it, an nginx error message without its date and level, a line cut
 * short completed from its format's fields. Never throws.
 */
public final class PasteRecognizer {

    /**
     * A recognised entry.
     *
     * @param event what the parsers made of it (a {@link Rejection} when nothing did)
     * @param how how it was read: {@code "as pasted"}, {@code "cleaned"} (prefix, escapes or
     *     anonymisation), {@code "message only"}, {@code "completed"} (cut short)
     */
    public record Recognized(LogEvent event, String how) {
        /** Whether a parser understood it. */
        public boolean understood() {
            return PasteRecognizer.understood(event);
        }
    }

    static final String SOURCE = "paste";

    /** The most leading words tried away as a prefix. */
    private static final int MAX_PREFIX_WORDS = 6;

    private static final Pattern ANONYMISED_IP =
            Pattern.compile(
                    "(?i)\\b(?:\\d{1,3}|x{1,3}|\\*{1,3})(?:\\.(?:\\d{1,3}|x{1,3}|\\*{1,3})){3}\\b"
                            + "|(?<![\\w.])(?:x{1,3}\\.){3}x{1,3}(?![\\w.])");
    private static final Pattern PLACEHOLDER =
            Pattern.compile(
                    "(?i)<(?:ip|ip[ _-]?address|ip[ _-]?addr|host|hostname|server|redacted|hidden"
                            + "|masked|removed|client[ _-]?ip|upstream|domain)>"
                            + "|\\[(?:redacted|hidden|masked|removed)]|\\*{3,}");

    private static final String[] JSON_CLOSERS = {"}", "\"}", "}}", "\"}}", "\":\"\"}"};

    private final LogLineParser parser;

    /** A recogniser with the run's parse settings (zone, custom formats). */
    public PasteRecognizer(ParseContext ctx) {
        this.parser = new LogLineParser(ctx);
    }

    /** What {@code text} (one entry) is. */
    public Recognized recognize(String text) {
        LogEvent first = parser.parse(text, SOURCE);
        if (understood(first)) {
            return new Recognized(first, "as pasted");
        }
        List<String> variants = cleaned(text);
        for (String v : variants) {
            Recognized r = withoutPrefix(v);
            if (r != null) {
                return r;
            }
        }
        for (String v : variants) {
            LogEvent m = NginxMessage.parse(parser, v);
            if (m != null) {
                return new Recognized(m, "message only");
            }
        }
        for (String v : variants) {
            LogEvent j = closedJson(v);
            if (j != null) {
                return new Recognized(j, "completed");
            }
        }
        for (String v : variants) {
            LogEvent c = CutLines.complete(parser, v);
            if (c != null) {
                return new Recognized(c, "completed");
            }
        }
        return new Recognized(first, "as pasted");
    }

    /** A JSON entry cut short, closed: the fields it kept are read. */
    private LogEvent closedJson(String v) {
        if (!v.startsWith("{") || v.endsWith("}")) {
            return null;
        }
        String t = v.endsWith(",") ? v.substring(0, v.length() - 1) : v;
        for (String closer : JSON_CLOSERS) {
            LogEvent e = parser.parse(t + closer, SOURCE);
            if (understood(e)) {
                return e;
            }
        }
        return null;
    }

    /** The line, then past each of its first words (a viewer's time, a pod's name). */
    private Recognized withoutPrefix(String v) {
        String rest = v;
        for (int words = 0; words <= MAX_PREFIX_WORDS; words++) {
            if (words > 0) {
                int sp = nextWordEnd(rest);
                if (sp < 0) {
                    return null;
                }
                rest = rest.substring(sp).stripLeading();
                if (rest.length() < 12) {
                    return null;
                }
            }
            LogEvent e = parser.parse(rest, SOURCE);
            if (understood(e)) {
                return new Recognized(e, "cleaned");
            }
        }
        return null;
    }

    /** The end of the first word, a viewer's {@code |} separator counting as one. */
    private static int nextWordEnd(String s) {
        int sp = s.indexOf(' ');
        int bar = s.indexOf('|');
        return bar >= 0 && (sp < 0 || bar < sp + 2) ? bar + 1 : sp;
    }

    /** Whether a parser took the line for what it is (an unknown-shaped line is not taken). */
    static boolean understood(LogEvent e) {
        if (e instanceof Rejection) {
            return false;
        }
        return !(e instanceof IgnoredLine i)
                || !(i.what().equals("blank")
                        || i.what().equals("continuation")
                        || i.what().equals("json-log")
                        || i.what().startsWith("syslog:"));
    }

    /**
     * The line as pasted, unescaped, with placeholders for the poster's anonymisation, and both:
     * distinct variants only, the least changed first.
     */
    static List<String> cleaned(String text) {
        Set<String> out = new LinkedHashSet<>();
        String t = text.strip();
        out.add(t);
        String unquoted = unescape(t);
        out.add(unquoted);
        out.add(deanonymise(t));
        out.add(deanonymise(unquoted));
        return new ArrayList<>(out);
    }

    /** JSON string escapes undone, and the quotes around a line copied as a JSON string. */
    static String unescape(String t) {
        String s = t;
        if (s.length() > 2 && s.startsWith("\"") && s.endsWith("\"") && quotedOnce(s)) {
            s = s.substring(1, s.length() - 1);
        }
        if (!s.contains("\\")) {
            return s;
        }
        return s.replace("\\\"", "\"")
                .replace("\\/", "/")
                .replace("\\t", " ")
                .replace("\\\\", "\\");
    }

    /** Whether {@code s} is one JSON string: every quote inside it is escaped. */
    private static boolean quotedOnce(String s) {
        for (int i = 1; i < s.length() - 1; i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == '"') {
                return false;
            }
        }
        return true;
    }

    /** Anonymised addresses and placeholders replaced by a documentation address. */
    static String deanonymise(String t) {
        Matcher m = ANONYMISED_IP.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String ip = m.group();
            boolean masked = !ip.matches("[\\d.]+");
            m.appendReplacement(sb, masked ? "192.0.2.1" : Matcher.quoteReplacement(ip));
        }
        m.appendTail(sb);
        return PLACEHOLDER.matcher(sb).replaceAll("192.0.2.1");
    }
}
