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

    private record Answer(long version, byte[] json) {}

    private final Map<String, Answer> answers =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
                    return size() > MAX_ENTRIES;
                }
            };

    /** The cached JSON (UTF-8) for {@code key} at {@code version}, else computed and kept. */
    byte[] get(String key, long version, Supplier<String> compute) {
        synchronized (answers) {
            Answer a = answers.get(key);
            if (a != null && a.version() == version) {
                return a.json();
            }
        }
        byte[] json = compute.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        synchronized (answers) {
            answers.put(key, new Answer(version, json));
        }
        return json;
    }
}
