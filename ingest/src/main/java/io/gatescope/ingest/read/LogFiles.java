package io.gatescope.ingest.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Expands the paths a user names (files, {@code .gz} files, directories) and opens them. */
public final class LogFiles {

    private LogFiles() {}

    /** How deep a named directory is searched: a post-mortem's nginx/, app-1/, kubectl/... */
    public static final int MAX_DEPTH = 4;

    /**
     * The regular files named or contained (directories searched {@link #MAX_DEPTH} deep, sorted,
     * hidden files and folders skipped).
     *
     * @throws IllegalArgumentException with a one-line reason for a missing or unreadable path
     */
    public static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("no such file or directory: " + p);
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p, MAX_DEPTH)) {
                    s.filter(Files::isRegularFile)
                            .filter(f -> !hidden(p.relativize(f)))
                            .sorted()
                            .forEach(out::add);
                } catch (IOException | UncheckedIOException e) {
                    throw new IllegalArgumentException(
                            "cannot list directory " + p + ": " + e.getMessage());
                }
            } else if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("cannot read " + p);
            } else {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no log files in " + paths);
        }
        return out;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Opens a file, decompressing gzip (detected by its magic bytes, not its name). */
    public static InputStream open(Path file) throws IOException {
        return decompressing(Files.newInputStream(file));
    }

    /** True when the file starts with the gzip magic bytes. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** Wraps a stream, decompressing it when it starts with the gzip magic bytes. */
    public static InputStream decompressing(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b
                ? new BufferedInputStream(new GZIPInputStream(in, 64 * 1024), 64 * 1024)
                : in;
    }
}
