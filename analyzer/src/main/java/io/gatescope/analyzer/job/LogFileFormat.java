package io.gatescope.analyzer.job;

import io.gatescope.ingest.read.LineReader;
import io.gatescope.ingest.read.LogFiles;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a log file (plain or gzip) as {@link RawLine}s for Flink's FileSource, with the line limit
 * enforced while reading. One instance per file, so every line knows its source. A large plain file
 * can be read as several byte ranges, each by its own source, so that all cores parse: a range
 * holds the lines that start inside it.
 */
public class LogFileFormat extends SimpleStreamFormat<RawLine> {

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
        LineReader reader =
                new LineReader(start == 0 ? LogFiles.decompressing(stream) : stream, maxLineLength);
        if (start > 0) {
            reader.next(); // the end of the line the previous range owns (empty if it ended here)
        }
        return new StreamFormat.Reader<>() {
            @Override
            public RawLine read() throws IOException {
                if (origin + reader.bytesRead() >= end) {
                    return null;
                }
                byte[] line = reader.nextBytes();
                return line == null ? null : new RawLine(source, line);
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
