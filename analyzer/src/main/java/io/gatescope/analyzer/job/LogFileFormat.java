package io.gatescope.analyzer.job;

import io.gatescope.ingest.read.LineReader;
import io.gatescope.ingest.read.LogFiles;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a log file (plain or gzip) for Flink's FileSource as {@link RawLine}s of about {@value
 * #BATCH_BYTES} bytes, each holding many newline-terminated lines, with the line limit enforced
 * while reading. Batches, because what Flink spends on a record (a hand-over between threads, the
 * calls down the operator chain) is more than parsing a healthy request costs; per batch it does
 * not matter. One instance per file, so every line knows its source. A large plain file can be read
 * as several byte ranges, each by its own source, so that all cores parse: a range holds the lines
 * that start inside it.
 */
public class LogFileFormat extends SimpleStreamFormat<RawLine> {

    /** The size a batch of lines is filled up to (a longer line makes its own batch). */
    public static final int BATCH_BYTES = 64 * 1024;

    private final String source;
    private final int maxLineLength;
    private final long start;
    private final long end;

    /** The whole file. */
    public LogFileFormat(String source, int maxLineLength) {
        this(source, maxLineLength, 0, Long.MAX_VALUE);
    }

    /** The lines of a plain (not compressed) file that start in {@code [start, end)}. */
    public LogFileFormat(String source, int maxLineLength, long start, long end) {
        this.source = source;
        this.maxLineLength = maxLineLength;
        this.start = start;
        this.end = end;
    }

    @Override
    public StreamFormat.Reader<RawLine> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        long origin = Math.max(0, start - 1);
        if (origin > 0) {
            stream.seek(origin);
        }
        // Carriage returns stay in the batch: runs of lines are copied whole, and the parse
        // operator strips a line's final \r.
        LineReader reader =
                new LineReader(
                        start == 0 ? LogFiles.decompressing(stream) : stream, maxLineLength, true);
        if (start > 0) {
            reader.next(); // the end of the line the previous range owns (empty if it ended here)
        }
        return new StreamFormat.Reader<>() {
            private boolean held; // the line read last did not fit the previous batch

            @Override
            public RawLine read() throws IOException {
                byte[] batch = new byte[BATCH_BYTES];
                int size = 0;
                while (true) {
                    if (!held) {
                        int copied = reader.copyLines(batch, size, end - origin);
                        if (copied > 0) {
                            size += copied;
                            continue;
                        }
                        if (origin + reader.bytesRead() >= end || reader.nextLine() < 0) {
                            break;
                        }
                    }
                    int len = reader.lineLength();
                    if (size == 0 && len + 1 > batch.length) {
                        // A line longer than a batch makes a batch of its own.
                        batch = new byte[len + 1];
                    } else if (size + len + 1 > batch.length) {
                        held = true;
                        break;
                    }
                    held = false;
                    reader.copyLineTo(batch, size);
                    size += len;
                    batch[size++] = '\n';
                }
                return size == 0
                        ? null
                        : new RawLine(
                                source, size == batch.length ? batch : Arrays.copyOf(batch, size));
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
