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
        int p = 0;
        if (line.startsWith("<")) {
            int gt = line.indexOf('>');
            if (gt < 0 || gt > 5) {
                return null;
            }
            p = gt + 1;
            if (line.startsWith("1 ", p)) {
                p += 2;
            }
        }
        long time;
        int afterTime;
        if (line.length() > p + 16
                && Character.isLetter(line.charAt(p))
                && line.charAt(p + 3) == ' ') {
            time = Timestamps.parseSyslog(line, p, ctx.defaultYear(), ctx.zone());
            afterTime = p + 15;
        } else if (line.length() > p + 20
                && line.charAt(p + 4) == '-'
                && line.charAt(p + 10) == 'T') {
            int sp = line.indexOf(' ', p);
            if (sp < 0) {
                return null;
            }
            time = Timestamps.parseIso(line, p, sp, ctx.zone());
            afterTime = sp;
        } else {
            return null;
        }
        if (time == Timestamps.INVALID
                || afterTime >= line.length()
                || line.charAt(afterTime) != ' ') {
            return null;
        }
        int hostEnd = line.indexOf(' ', afterTime + 1);
        if (hostEnd < 0) {
            return null;
        }
        int colon = line.indexOf(": ", hostEnd + 1);
        if (colon < 0 || colon - hostEnd > 64) {
            return null;
        }
        String tag = line.substring(hostEnd + 1, colon);
        if (tag.indexOf(' ') >= 0) {
            return null;
        }
        int bracket = tag.indexOf('[');
        String program =
                (bracket < 0 ? tag : tag.substring(0, bracket)).toLowerCase(java.util.Locale.ROOT);
        return new SyslogPrefix(time, program, colon + 2);
    }
}
