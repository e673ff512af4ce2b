package io.gatescope.ingest.ship;

import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.Timestamps;
import io.gatescope.ingest.read.LineReader;
import io.gatescope.ingest.read.LogFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where {@code ship} is in one file, read a line ahead so that the shipper can send the files'
 * lines in time order: the line waiting to go, its time (from the line itself), and the offset the
 * registry records once Kafka acknowledged it. A round reads from the acknowledged (or handed-over)
 * offset to the file's current end; after a rotation (rename, then a new file) the rest of the
 * renamed file comes first. Not thread-safe.
 */
final class ShipCursor implements AutoCloseable {

    /** One stretch of a file to read: the file, its identity, where to start. */
    private record Segment(Path file, String key, long offset) {}

    final Path file;
    final String path;
    final byte[] recordKey;
    private final int maxLineLength;
    private final LogLineParser times;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private LineReader reader;
    private String readerKey;
    private long readerBase;
    private long skipTo;
    private boolean gz;
    private boolean following;
    private byte[] line;
    private long time = Long.MIN_VALUE;
    private long end;
    private String key;

    ShipCursor(Path file, String sourceHost, int maxLineLength, LogLineParser times) {
        this.file = file;
        this.path = file.toAbsolutePath().toString();
        this.recordKey =
                (sourceHost.isEmpty() ? path : sourceHost + ":" + path)
                        .getBytes(StandardCharsets.UTF_8);
        this.maxLineLength = maxLineLength;
        this.times = times;
    }

    /**
     * Prepares a round from {@code pos} (null: the file's start) and reads the first line.
     *
     * @param following a line without its newline yet is still being written: leave it for later
     */
    void open(ShipRegistry.Position pos, boolean following) throws IOException {
        close();
        this.following = following;
        if (!Files.exists(file)) {
            return;
        }
        String current = fileKey(file);
        if (pos != null && !pos.fileKey().equals(current)) {
            // Rotated (renamed, then a new file): finish the old file where it now lives first.
            Path rotated = findByKey(file, pos.fileKey());
            if (rotated != null) {
                segments.add(new Segment(rotated, pos.fileKey(), pos.offset()));
            }
        }
        long offset = pos != null && pos.fileKey().equals(current) ? pos.offset() : 0;
        segments.add(new Segment(file, current, offset));
        advance();
    }

    /** A line is waiting to be sent. */
    boolean hasLine() {
        return line != null;
    }

    byte[] line() {
        return line;
    }

    /** The waiting line's own time, or the time of the line before it when it shows none. */
    long time() {
        return time;
    }

    /** The identity of the file the waiting line is in. */
    String key() {
        return key;
    }

    /** The offset after the waiting line: what the registry records once it is acknowledged. */
    long end() {
        return end;
    }

    /** Reads the next line, from the next segment when this one is done. */
    void advance() throws IOException {
        line = null;
        while (true) {
            if (reader == null) {
                Segment s = segments.poll();
                if (s == null) {
                    return;
                }
                openSegment(s);
                continue;
            }
            byte[] b = reader.nextBytes();
            if (b == null) {
                reader.close();
                reader = null;
                continue;
            }
            long at = readerBase + reader.bytesRead();
            if (at <= skipTo) {
                continue; // a compressed file cannot seek: its shipped lines are read past
            }
            if (following && !reader.endedWithNewline()) {
                // A line still being written: take it in the next round.
                reader.close();
                reader = null;
                segments.clear();
                return;
            }
            line = b;
            end = at;
            key = readerKey;
            long t = lineTime(b);
            if (t != Timestamps.INVALID && t != Long.MIN_VALUE) {
                time = t;
            }
            return;
        }
    }

    private void openSegment(Segment s) throws IOException {
        gz = LogFiles.isGzip(s.file());
        long offset = s.offset();
        if (!gz && offset > Files.size(s.file())) {
            offset = 0; // copy-truncate: the file started over
        }
        InputStream in;
        if (gz) {
            in = LogFiles.open(s.file());
        } else {
            FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ);
            ch.position(offset);
            in = new java.io.BufferedInputStream(Channels.newInputStream(ch), 64 * 1024);
        }
        reader = new LineReader(in, maxLineLength);
        readerKey = s.key();
        skipTo = gz ? offset : 0;
        readerBase = gz ? 0 : offset;
    }

    private long lineTime(byte[] b) {
        long t = times.accessLineTime(b, b.length);
        if (t != Timestamps.INVALID) {
            return t;
        }
        LogEvent e = times.parse(new String(b, StandardCharsets.UTF_8), path);
        return e.timeMillis();
    }

    @Override
    public void close() throws IOException {
        line = null;
        segments.clear();
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    private static Path findByKey(Path file, String key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p) && key.equals(fileKey(p))) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The file's identity across renames (the inode where the platform has one). */
    static String fileKey(Path file) throws IOException {
        Object k = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return k == null ? file.toAbsolutePath().toString() : k.toString();
    }
}
