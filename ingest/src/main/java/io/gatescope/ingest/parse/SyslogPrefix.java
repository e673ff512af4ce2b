package io.gatescope.ingest.parse;

/**
 * A syslog header in front of a message: BSD ({@code <134>Mar 14 09:10:01 host prog[pid]: }), the
 * same with an ISO time as rsyslog writes it by default ({@code 2026-03-14T09:10:01+00:00 host
 * prog[pid]: }), or RFC 5424 ({@code <134>1 2026-03-14T09:10:01.123Z host prog 4242 - - }), as
 * HAProxy's {@code log ... format rfc5424} sends it.
 *
 * @param time the header's time, or {@link Timestamps#INVALID}
 * @param program the program name ({@code haproxy}, {@code nginx}), lower case
 * @param messageStart where the message begins
 * @param host the host the header names, "" when it names none
 */
public record SyslogPrefix(long time, String program, int messageStart, String host) {

    public static SyslogPrefix parse(String line, ParseContext ctx) {
        long tag = tag(line, ctx, null);
        if (tag < 0) {
            return null;
        }
        String name = line.substring(nameStart(tag), nameEnd(tag));
        int bracket = name.indexOf('[');
        String program =
                (bracket < 0 ? name : name.substring(0, bracket))
                        .toLowerCase(java.util.Locale.ROOT);
        int p = timeStart(line);
        int afterTime = timeEnd(line, p);
        String host =
                nameStart(tag) > afterTime + 1
                        ? line.substring(
                                afterTime + 1, indexOf(line, ' ', afterTime + 1, line.length()))
                        : "";
        return new SyslogPrefix(time(line, p, afterTime, ctx), program, messageStart(tag), host);
    }

    /**
     * The minute of the last BSD header time found valid ({@code Mar 14 09:10:}): consecutive lines
     * of a syslog stream repeat it, and then valid seconds make a valid time; checking the bytes is
     * cheaper than reading the time. Not thread-safe.
     */
    static final class ValidTimes {
        private static final long MINUTE = 0xFFFF_FFFF_FFFFL; // bytes 7..12 of the tail word
        private long head; // bytes 0..7
        private long tail = -1; // bytes 7..12; never the bytes of a time: nothing cached yet

        boolean known(LineBytes line, int p) {
            if (line.wordAt(p) != head || (line.wordAt(p + 7) & MINUTE) != tail) {
                return false;
            }
            int sec = Timestamps.digits(line, p + 13, 2);
            return sec >= 0 && sec <= 60; // as Timestamps.parseSyslog accepts them
        }

        void remember(LineBytes line, int p) {
            head = line.wordAt(p);
            tail = line.wordAt(p + 7) & MINUTE;
        }
    }

    /** Where the message begins after a valid header (as {@link #parse} finds it), else -1. */
    static int messageStart(LineBytes line, ParseContext ctx, ValidTimes valid) {
        long tag = tag(line, ctx, valid);
        return tag < 0 ? -1 : messageStart(tag);
    }

    // A header's three offsets packed in one long (lines are at most 64 KiB, so 21 bits each): the
    // hot path allocates nothing.
    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;

    private static long pack(int nameStart, int nameEnd, int messageStart) {
        return (long) nameStart << (2 * BITS) | (long) nameEnd << BITS | messageStart;
    }

    private static int nameStart(long tag) {
        return (int) (tag >>> (2 * BITS));
    }

    private static int nameEnd(long tag) {
        return (int) (tag >>> BITS & MASK);
    }

    private static int messageStart(long tag) {
        return (int) (tag & MASK);
    }

    /** The program name and message of a valid header, {@link #pack packed}; else -1. */
    private static long tag(CharSequence line, ParseContext ctx, ValidTimes valid) {
        int p = timeStart(line);
        if (p < 0) {
            return -1;
        }
        int afterTime = timeEnd(line, p);
        if (afterTime < 0 || afterTime >= line.length() || line.charAt(afterTime) != ' ') {
            return -1;
        }
        // A BSD time (15 bytes, the line longer than p + 16) may be known valid already.
        boolean bsd = afterTime == p + 15 && valid != null;
        if (!(bsd && valid.known((LineBytes) line, p))) {
            if (time(line, p, afterTime, ctx) == Timestamps.INVALID) {
                return -1;
            }
            if (bsd) {
                valid.remember((LineBytes) line, p);
            }
        }
        int hostEnd = indexOf(line, ' ', afterTime + 1, line.length());
        if (hostEnd < 0) {
            return -1;
        }
        if (line.charAt(hostEnd - 1) == ':' && hostEnd - 1 > afterTime + 1 && hostEnd < MASK) {
            // No host: HAProxy sends none to a syslog socket unless log-send-hostname is set.
            return pack(afterTime + 1, hostEnd - 1, hostEnd + 1);
        }
        if (p >= 2 && line.charAt(p - 2) == '1' && line.charAt(p - 3) == '>') {
            return rfc5424Tail(line, hostEnd + 1);
        }
        int colon = hostEnd + 1;
        int limit = Math.min(line.length() - 1, hostEnd + 65);
        while (colon < limit && !(line.charAt(colon) == ':' && line.charAt(colon + 1) == ' ')) {
            if (line.charAt(colon) == ' ') {
                return -1; // a tag has no spaces
            }
            colon++;
        }
        return colon < limit && colon < MASK ? pack(hostEnd + 1, colon, colon + 2) : -1;
    }

    /**
     * RFC 5424 after the host: {@code APP-NAME PROCID MSGID STRUCTURED-DATA MSG}, where the
     * structured data is {@code -} or bracketed elements whose quoted values may hold spaces and
     * escaped brackets.
     */
    private static long rfc5424Tail(CharSequence line, int app) {
        int appEnd = indexOf(line, ' ', app, Math.min(line.length(), app + 49));
        int procEnd = appEnd < 0 ? -1 : indexOf(line, ' ', appEnd + 1, line.length());
        int msgIdEnd = procEnd < 0 ? -1 : indexOf(line, ' ', procEnd + 1, line.length());
        if (msgIdEnd < 0 || msgIdEnd + 1 >= line.length()) {
            return -1;
        }
        int sd = msgIdEnd + 1;
        int end;
        if (line.charAt(sd) == '-') {
            end = sd + 1;
        } else if (line.charAt(sd) == '[') {
            end = structuredDataEnd(line, sd);
        } else {
            return -1;
        }
        if (end < 0 || end > MASK) {
            return -1;
        }
        int message = end < line.length() && line.charAt(end) == ' ' ? end + 1 : end;
        return pack(app, appEnd, message);
    }

    /** Just past the last {@code ]} of the structured data that starts at {@code p}, or -1. */
    private static int structuredDataEnd(CharSequence line, int p) {
        boolean quoted = false;
        for (int i = p; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ']' && (i + 1 == line.length() || line.charAt(i + 1) != '[')) {
                return i + 1;
            }
        }
        return -1;
    }

    /** After the {@code <PRI>} and RFC 5424 version, if any; -1 for a malformed priority. */
    private static int timeStart(CharSequence line) {
        if (line.length() == 0 || line.charAt(0) != '<') {
            return 0;
        }
        int gt = indexOf(line, '>', 0, Math.min(line.length(), 6));
        if (gt < 0) {
            return -1;
        }
        int p = gt + 1;
        return line.length() > p + 1 && line.charAt(p) == '1' && line.charAt(p + 1) == ' '
                ? p + 2
                : p;
    }

    /** Where the time that starts at {@code p} ends, or -1 when no known shape starts there. */
    private static int timeEnd(CharSequence line, int p) {
        if (line.length() > p + 16
                && Character.isLetter(line.charAt(p))
                && line.charAt(p + 3) == ' ') {
            return p + 15;
        }
        if (line.length() > p + 20 && line.charAt(p + 4) == '-' && line.charAt(p + 10) == 'T') {
            return indexOf(line, ' ', p, line.length());
        }
        return -1;
    }

    private static long time(CharSequence line, int p, int end, ParseContext ctx) {
        return end == p + 15 && Character.isLetter(line.charAt(p))
                ? Timestamps.parseSyslog(line, p, ctx.defaultYear(), ctx.zone())
                : Timestamps.parseIso(line, p, end, ctx.zone());
    }

    private static int indexOf(CharSequence line, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
