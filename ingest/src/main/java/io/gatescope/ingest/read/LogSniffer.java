package io.gatescope.ingest.read;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Looks at the first lines of log files for the Host the nginx error log names (when it names one)
 * and for the zone their access lines carry ({@code [14/Mar/2026:09:10:00 +0100]}) and the year
 * they are from, so that zone-less and year-less time stamps of the same run (nginx error log,
 * syslog) can be read in the same frame.
 */
public final class LogSniffer {

    private static final int SAMPLE_LINES = 500;

    /** What the sample showed. */
    public record Sniffed(
            Optional<ZoneOffset> zone, Optional<Integer> year, Optional<String> errorLogHost) {}

    private LogSniffer() {}

    public static Sniffed sniff(List<Path> files, int maxLineLength) {
        ZoneOffset zone = null;
        Integer year = null;
        java.util.TreeSet<String> hosts = new java.util.TreeSet<>();
        for (Path f : files) {
            try (LineReader r = new LineReader(LogFiles.open(f), maxLineLength)) {
                String line;
                int n = 0;
                while ((line = r.next()) != null && n++ < SAMPLE_LINES) {
                    int h = line.indexOf(", host: \"");
                    if (h > 0
                            && line.length() > 20
                            && line.charAt(4) == '/'
                            && line.charAt(7) == '/') {
                        int e = line.indexOf('"', h + 9);
                        if (e > h + 9 && hosts.size() < 5) {
                            hosts.add(line.substring(h + 9, e));
                        }
                    }
                    int b = line.indexOf(" [");
                    if (b >= 0
                            && line.length() > b + 29
                            && line.charAt(b + 4) == '/'
                            && line.charAt(b + 8) == '/') {
                        year = year != null ? year : parseInt(line, b + 9, 4);
                        char sign = line.charAt(b + 23);
                        if (zone == null
                                && (sign == '+' || sign == '-')
                                && line.charAt(b + 28) == ']') {
                            Integer hh = parseInt(line, b + 24, 2);
                            Integer mm = parseInt(line, b + 26, 2);
                            if (hh != null && mm != null && hh <= 18) {
                                int secs = hh * 3600 + mm * 60;
                                zone = ZoneOffset.ofTotalSeconds(sign == '-' ? -secs : secs);
                            }
                        }
                    } else if (year == null
                            && line.length() > 10
                            && line.charAt(4) == '/'
                            && line.charAt(7) == '/') {
                        year = parseInt(line, 0, 4);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable sample only means no hint; the analysis reports the file itself.
            }
        }
        return new Sniffed(
                Optional.ofNullable(zone),
                Optional.ofNullable(year),
                hosts.size() == 1 ? Optional.of(hosts.first()) : Optional.empty());
    }

    private static Integer parseInt(String s, int at, int n) {
        if (at + n > s.length()) {
            return null;
        }
        int v = 0;
        for (int i = at; i < at + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
