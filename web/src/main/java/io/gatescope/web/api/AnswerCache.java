package io.gatescope.web.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JSON of recent list queries, valid while the index version they were computed at stands: a
 * dashboard or a chat bot polls the same few queries far more often than findings arrive. Bounded
 * (least recently used out) so that varied queries cannot grow it.
 */
final class AnswerCache {

    static final int MAX_ENTRIES = 256;

    /**
     * One query's answer at one index version: the JSON, and the same gzipped once, so that clients
     * that accept gzip (browsers, chat bots) cost no compression per request.
     */
    record Answer(long version, byte[] json, byte[] gzip) {

        static Answer of(long version, byte[] json) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(json.length / 4);
            try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
                z.write(json);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // in memory: cannot happen
            }
            return new Answer(version, json, out.toByteArray());
        }
    }

    private final Map<String, Answer> answers =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
                    return size() > MAX_ENTRIES;
                }
            };

    /** The cached answer for {@code key} at {@code version}, else computed and kept. */
    Answer get(String key, long version, Supplier<String> compute) {
        synchronized (answers) {
            Answer a = answers.get(key);
            if (a != null && a.version() == version) {
                return a;
            }
        }
        Answer a =
                Answer.of(version, compute.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        synchronized (answers) {
            answers.put(key, a);
        }
        return a;
    }
}
