package io.gatescope.analyzer.job;

import io.gatescope.ingest.ship.Shipper;
import java.nio.charset.StandardCharsets;

/**
 * A line as it arrived, in the bytes it arrived in, and the source it came from; or several lines,
 * each ended by a newline (files are read in batches); or a shipper's notice about its source (see
 * {@link PerSourceWatermarks}), which is no line. The parsers read the bytes in place; text is
 * decoded only for lines whose event keeps it.
 *
 * @param control {@link #OPEN} or {@link #EOF} for a shipper's notice, null for lines
 * @param addresses the shipping machine's addresses ({@code ship} sends them), comma-separated, or
 *     null: an upstream line from that machine is joined by them
 */
public record RawLine(String source, byte[] bytes, String control, String addresses) {

    /** The header that carries the shipping machine's addresses. */
    public static final String ADDRESSES_HEADER = Shipper.ADDRESSES_HEADER;

    /** Lines or a notice, from a shipper that names no addresses. */
    public RawLine(String source, byte[] bytes, String control) {
        this(source, bytes, control, null);
    }

    /** The Kafka header that marks a shipper's notice; its value is the notice. */
    public static final String CONTROL_HEADER = Shipper.CONTROL_HEADER;

    /** The shipper opened the file: its lines are coming. */
    public static final String OPEN = Shipper.OPEN;

    /** The shipper has sent everything the file held: it is caught up. */
    public static final String EOF = Shipper.EOF;

    private static final byte[] NONE = new byte[0];

    /** Lines, not a notice. */
    public RawLine(String source, byte[] bytes) {
        this(source, bytes, null, null);
    }

    /** A line given as text. */
    public static RawLine of(String source, String line) {
        return new RawLine(source, line.getBytes(StandardCharsets.UTF_8));
    }

    /** A shipper's notice about {@code source}. */
    public static RawLine notice(String source, String control) {
        return new RawLine(source, NONE, control);
    }

    /** The line decoded (invalid UTF-8 becomes U+FFFD, which the parser rejects as not-utf8). */
    public String line() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
