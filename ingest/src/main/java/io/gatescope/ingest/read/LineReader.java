package io.gatescope.ingest.read;

import io.gatescope.ingest.parse.LineBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads lines from a byte stream without ever holding more than the line limit: a longer line is
 * returned cut to {@code maxLength + 1} characters (which the parser rejects as {@code too-long})
 * and the rest of it is skipped. Invalid UTF-8 becomes U+FFFD (rejected as {@code not-utf8}).
 * Handles \n and \r\n. Not thread-safe.
 */
public final class LineReader implements AutoCloseable {

    private final InputStream in;
    private final int maxLength;
    private final boolean keepCarriageReturns;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];
    private long bytesRead;

    public LineReader(InputStream in, int maxLength) {
        this(in, maxLength, false);
    }

    /**
     * @param keepCarriageReturns leave a line's final {@code \r} in place, for a consumer that
     *     takes whole runs of lines ({@link #copyLines}) and strips it from each itself
     */
    public LineReader(InputStream in, int maxLength, boolean keepCarriageReturns) {
        this.in = in;
        this.maxLength = maxLength;
        this.keepCarriageReturns = keepCarriageReturns;
    }

    private boolean newline;

    // Where the last line's bytes are: in the read buffer when it was there whole (no copy),
    // else assembled in `line`.
    private byte[] lineArray;
    private int lineOffset;
    private int lineLength;

    /** The next line, or null at the end of the stream. */
    public String next() throws IOException {
        int len = read();
        return len < 0 ? null : new String(lineArray, lineOffset, len, StandardCharsets.UTF_8);
    }

    /** The next line's bytes as read (no decoding), or null at the end of the stream. */
    public byte[] nextBytes() throws IOException {
        int len = read();
        return len < 0 ? null : Arrays.copyOfRange(lineArray, lineOffset, lineOffset + len);
    }

    /**
     * Reads the next line without copying it anywhere; its length (newline excluded), or -1 at the
     * end of the stream. {@link #copyLineTo} copies it until the next read.
     */
    public int nextLine() throws IOException {
        lineLength = read();
        return lineLength;
    }

    /** The length of the line {@link #nextLine} read. */
    public int lineLength() {
        return lineLength;
    }

    /** Copies the line {@link #nextLine} read into {@code dst} at {@code at}. */
    public void copyLineTo(byte[] dst, int at) {
        System.arraycopy(lineArray, lineOffset, dst, at, lineLength);
    }

    /**
     * Copies the whole lines that are already buffered, each with its newline, into {@code dst}
     * from {@code at}: as many as fit, without looking at each line, when every line the buffer can
     * hold is within the limit. Returns the bytes copied; 0 when no whole line is buffered, when
     * the lines could start at or after stream offset {@code stop} (see {@link #bytesRead}), or
     * when the limit is below the buffer's size: then read line by line. Carriage returns stay.
     */
    public int copyLines(byte[] dst, int at, long stop) {
        int room = dst.length - at;
        int window = Math.min(limit, pos + room);
        // The stream offset of buf[window] must not pass stop, so every line copied starts before.
        if (maxLength < buf.length || pos >= window || bytesRead - limit + window > stop) {
            return 0;
        }
        int last = window - 1;
        while (last >= pos && buf[last] != '\n') {
            last--;
        }
        if (last < pos) {
            return 0;
        }
        int n = last + 1 - pos;
        System.arraycopy(buf, pos, dst, at, n);
        pos = last + 1;
        newline = true;
        return n;
    }

    /**
     * The last line read ended with a newline; false for a last line still being written (or a file
     * that does not end with one).
     */
    public boolean endedWithNewline() {
        return newline;
    }

    /** Reads the next line into {@code line}; its length, or -1 at the end of the stream. */
    private int read() throws IOException {
        int len = 0;
        boolean overflow = false;
        boolean any = false;
        while (true) {
            if (pos >= limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    newline = false;
                    return any ? finish(len, overflow) : -1;
                }
                bytesRead += limit;
            }
            any = true;
            int start = pos;
            int nl = LineBytes.indexOf(buf, (byte) '\n', pos, limit);
            pos = nl < 0 ? limit : nl;
            int n = pos - start;
            if (len == 0 && nl >= 0 && n <= maxLength) {
                pos++; // the commonest case: the whole line is in the buffer
                newline = true;
                return finish(buf, start, n, false);
            }
            if (!overflow) {
                int room = maxLength + 1 - len;
                int take = Math.min(n, room);
                ensure(len + take);
                System.arraycopy(buf, start, line, len, take);
                len += take;
                overflow = n > room || len > maxLength;
            }
            if (pos < limit) {
                pos++; // the newline
                newline = true;
                return finish(len, overflow);
            }
        }
    }

    /** Bytes consumed from the stream so far (for progress). */
    public long bytesRead() {
        return bytesRead - (limit - pos);
    }

    private int finish(int len, boolean overflow) {
        return finish(line, 0, len, overflow);
    }

    private int finish(byte[] array, int offset, int len, boolean overflow) {
        lineArray = array;
        lineOffset = offset;
        return !overflow && !keepCarriageReturns && len > 0 && array[offset + len - 1] == '\r'
                ? len - 1
                : len;
    }

    private void ensure(int size) {
        if (size > line.length) {
            line = Arrays.copyOf(line, Math.max(size, line.length * 2));
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
