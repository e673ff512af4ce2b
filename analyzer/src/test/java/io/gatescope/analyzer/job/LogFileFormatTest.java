package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.parse.ParseContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte ranges of a file together hold every line exactly once, wherever the cuts fall. */
class LogFileFormatTest {

    @TempDir Path dir;

    @Test
    void rangesCutAtEveryByteReadEachLineExactlyOnce() throws IOException {
        List<String> lines = List.of("first line", "", "a", "third, longer line here", "x", "end");
        Path file = dir.resolve("access.log");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        long size = Files.size(file);
        for (int limit : LIMITS) {
            for (long cut = 0; cut <= size; cut++) {
                List<String> read = new ArrayList<>();
                read.addAll(read(file, 0, cut, limit));
                read.addAll(read(file, cut, Long.MAX_VALUE, limit));
                assertThat(read).as("cut at %d, limit %d", cut, limit).isEqualTo(lines);
            }
        }
    }

    // A small line limit reads line by line; the default one copies runs of buffered lines whole.
    private static final int[] LIMITS = {1024, ParseContext.DEFAULT_MAX_LINE};

    @Test
    void threeRangesOfALargerFileHoldItsLinesInOrder() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            lines.add("line " + i + " " + "y".repeat(i % 37));
        }
        Path file = dir.resolve("big.log");
        Files.write(file, lines);
        long size = Files.size(file);
        for (int limit : LIMITS) {
            List<String> read = new ArrayList<>();
            read.addAll(read(file, 0, size / 3, limit));
            read.addAll(read(file, size / 3, 2 * size / 3, limit));
            read.addAll(read(file, 2 * size / 3, Long.MAX_VALUE, limit));
            assertThat(read).as("limit %d", limit).isEqualTo(lines);
        }
    }

    @Test
    void carriageReturnsStayInTheBatchForTheParserToStrip() throws IOException {
        Path file = dir.resolve("crlf.log");
        Files.writeString(file, "one\r\ntwo\r\n\r\nlast\r", StandardCharsets.UTF_8);
        for (int limit : LIMITS) {
            assertThat(read(file, 0, Long.MAX_VALUE, limit))
                    .as("limit %d", limit)
                    .containsExactly("one\r", "two\r", "\r", "last\r");
        }
    }

    @Test
    void aLineLongerThanABatchTravelsWholeBetweenFullBatches() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            lines.add(i == 1500 ? "L".repeat(LogFileFormat.BATCH_BYTES * 2) : "line " + i);
        }
        Path file = dir.resolve("long.log");
        Files.write(file, lines);
        assertThat(read(file, 0, Long.MAX_VALUE, 1 << 20)).isEqualTo(lines);
    }

    private static List<String> read(Path file, long from, long to, int maxLine)
            throws IOException {
        List<String> out = new ArrayList<>();
        LogFileFormat format = new LogFileFormat("f", maxLine, from, to);
        try (StreamFormat.Reader<RawLine> r =
                format.createReader(new Configuration(), new LocalDataInputStream(file.toFile()))) {
            RawLine l;
            while ((l = r.read()) != null) {
                String batch = l.line();
                // Every line of a batch ends with its newline; no batch is over its size unless
                // it holds a single long line.
                assertThat(batch).endsWith("\n");
                assertThat(
                                l.bytes().length <= LogFileFormat.BATCH_BYTES
                                        || batch.indexOf('\n') == batch.length() - 1)
                        .isTrue();
                out.addAll(List.of(batch.substring(0, batch.length() - 1).split("\n", -1)));
            }
        }
        return out;
    }
}
