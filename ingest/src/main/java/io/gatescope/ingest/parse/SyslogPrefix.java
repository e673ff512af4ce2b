package io.gatescope.ingest.parse;

/**
 * A syslog header in front of a message: BSD ({@code <134>Mar 14 09:10:01 host prog[pid]: }) or RFC
 * 5424-ish with an ISO time ({@code 2026-03-14T09:10:01+00:00 host prog[pid]: }).
 *
 * @param time the header's time, or {@link Timestamps#INVALID}
 * @param program the program name ({@code haproxy}, {@code nginx}), lower case
 * @param messageStart where the message begins
 */
record SyslogPrefix(long time, String program, int messageStart) {

    static SyslogPrefix parse(String line, ParseContext ctx) {
        long tag = tag(line, ctx, null);
        if (tag < 0) {
            return null;
        }
        int colon = (int) tag;
        String name = line.substring((int) (tag >>> 32), colon);
        int bracket = name.indexOf('[');
        String program =
                (bracket < 0 ? name : name.substring(0, bracket))
                        .toLowerCase(java.util.Locale.ROOT);
        int p = timeStart(line);
        return new SyslogPrefix(time(line, p, timeEnd(line, p), ctx), program, colon + 2);
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
        return tag < 0 ? -1 : (int) tag + 2;
    }

    /** The program tag of a valid header, packed as {@code start << 32 | colon}; else -1. */
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
        int colon = hostEnd + 1;
        int limit = Math.min(line.length() - 1, hostEnd + 65);
        while (colon < limit && !(line.charAt(colon) == ':' && line.charAt(colon + 1) == ' ')) {
            if (line.charAt(colon) == ' ') {
                return -1; // a tag has no spaces
            }
            colon++;
        }
        return colon < limit ? (long) (hostEnd + 1) << 32 | colon : -1;
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
