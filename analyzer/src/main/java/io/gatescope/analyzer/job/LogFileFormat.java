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
 * enforced while reading. One instance per file, so every line knows its source.
 */
public class LogFileFormat extends SimpleStreamFormat<RawLine> {

    private final String source;
    private final int maxLineLength;

    public LogFileFormat(String source, int maxLineLength) {
        this.source = source;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public StreamFormat.Reader<RawLine> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        LineReader reader = new LineReader(LogFiles.decompressing(stream), maxLineLength);
        return new StreamFormat.Reader<>() {
            @Override
            public RawLine read() throws IOException {
                String line = reader.next();
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
