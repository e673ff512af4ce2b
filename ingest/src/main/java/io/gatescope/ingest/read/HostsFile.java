package io.gatescope.ingest.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code --hosts} file: lines of {@code ADDRESS NAME [ALIAS...]} as in /etc/hosts, {@code #}
 * comments, which say which machine answers on which address, for joining upstream-server and
 * platform logs to a gateway's peers where the logs do not say it.
 */
public final class HostsFile {

    private HostsFile() {}

    /**
     * Address to names (the name and its aliases, space-separated).
     *
     * @throws IllegalArgumentException with a one-line reason for a missing file or a line that is
     *     not {@code ADDRESS NAME}
     */
    public static Map<String, String> read(Path file) {
        Map<String, String> out = new TreeMap<>();
        java.util.List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the hosts file " + file + ": " + e.getMessage());
        }
        int n = 0;
        for (String raw : lines) {
            n++;
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2 || !looksLikeAddress(parts[0])) {
                throw new IllegalArgumentException(
                        file
                                + " line "
                                + n
                                + ": expected 'ADDRESS NAME', got '"
                                + raw.strip()
                                + "'");
            }
            out.merge(
                    parts[0],
                    String.join(" ", java.util.Arrays.copyOfRange(parts, 1, parts.length)),
                    (a, b) -> a + " " + b);
        }
        return out;
    }

    private static boolean looksLikeAddress(String s) {
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || s.contains(":") && s.matches("[0-9a-fA-F:.]+");
    }
}
