package io.gatescope.ingest.ship;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code ship} has had acknowledged by Kafka, per Kafka cluster, topic and file: the file's
 * identity (inode) and the byte offset after the last acknowledged line. Positions belong to the
 * cluster that acknowledged them: the same files shipped to a new cluster, or after the broker lost
 * its data, start from their beginning. Saved atomically (write, then rename), so a kill at any
 * moment leaves either the old or the new registry.
 */
public final class ShipRegistry {

    /** A file's identity and acknowledged offset (in decompressed bytes for .gz files). */
    public record Position(String fileKey, long offset) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String namespace;
    private final Map<String, Position> positions = new ConcurrentHashMap<>();

    private ShipRegistry(Path file, String namespace) {
        this.file = file;
        this.namespace = namespace;
    }

    /**
     * Loads the registry, or starts an empty one; an unreadable registry is an error, not a reset.
     *
     * @param namespace the Kafka cluster id and topic ({@code CLUSTER/TOPIC}) the positions of this
     *     run belong to
     */
    public static ShipRegistry load(Path file, String namespace) throws IOException {
        ShipRegistry r = new ShipRegistry(file, namespace);
        if (Files.exists(file)) {
            try {
                Map<String, Position> m =
                        JSON.readValue(
                                file.toFile(), new TypeReference<Map<String, Position>>() {});
                r.positions.putAll(m);
            } catch (IOException e) {
                throw new IOException(
                        "the ship registry "
                                + file
                                + " is unreadable ("
                                + e.getMessage().lines().findFirst().orElse("")
                                + "); move it away to start over");
            }
        }
        return r;
    }

    /** The cluster and topic ({@code CLUSTER/TOPIC}) this run's positions belong to. */
    public String namespace() {
        return namespace;
    }

    /** The acknowledged position of a file in this cluster and topic, or null. */
    public Position get(String path) {
        return positions.get(namespace + "|" + path);
    }

    /** Forgets a file's position: it is shipped again from its start. */
    public void forget(String path) {
        positions.remove(namespace + "|" + path);
    }

    /** Records an acknowledged offset; never moves backwards for the same file identity. */
    public void acknowledge(String path, String fileKey, long offset) {
        positions.merge(
                namespace + "|" + path,
                new Position(fileKey, offset),
                (old, now) ->
                        old.fileKey().equals(now.fileKey()) && old.offset() > now.offset()
                                ? old
                                : now);
    }

    public synchronized void save() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new TreeMap<>(positions));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
