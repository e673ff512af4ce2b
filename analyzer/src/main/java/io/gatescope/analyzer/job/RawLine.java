package io.gatescope.analyzer.job;

import java.nio.charset.StandardCharsets;

/**
 * A line as it arrived, in the bytes it arrived in, and the source it came from; or several lines,
 * each ended by a newline (files are read in batches). The parsers read the bytes in place; text is
 * decoded only for lines whose event keeps it.
 */
public record RawLine(String source, byte[] bytes) {

    /** A line given as text. */
    public static RawLine of(String source, String line) {
        return new RawLine(source, line.getBytes(StandardCharsets.UTF_8));
    }

    /** The line decoded (invalid UTF-8 becomes U+FFFD, which the parser rejects as not-utf8). */
    public String line() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
