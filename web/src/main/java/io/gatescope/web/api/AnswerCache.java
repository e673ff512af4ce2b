package io.gatescope.web.api;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
     * that accept gzip (browsers, chat bots) cost no compression per request. Both are kept in
     * read-only direct buffers: the socket writes them without first copying them out of the heap
     * (for a 40 KB answer that copy and the kernel's were most of a request's cost).
     */
    record Answer(long version, ByteBuffer json, ByteBuffer gzip) {

        static Answer of(long version, byte[] json) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(json.length / 4);
            try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
                z.write(json);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // in memory: cannot happen
            }
            return new Answer(version, direct(json), direct(out.toByteArray()));
        }

        private static ByteBuffer direct(byte[] bytes) {
            return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        }
    }

    /** An answer at a version, being computed by the first request that asked for it. */
    private record Pending(long version, CompletableFuture<Answer> answer) {}

    private final Map<String, Pending> answers =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
                    return size() > MAX_ENTRIES;
                }
            };

    /**
     * The cached answer for {@code key} at {@code version}, else computed and kept. Requests that
     * arrive while it is computed wait for that one computation instead of each running the query:
     * when findings arrive, every poller asks again at once.
     */
    Answer get(String key, long version, Supplier<String> compute) {
        Pending p;
        boolean mine = false;
        synchronized (answers) {
            p = answers.get(key);
            if (p == null || p.version() != version) {
                p = new Pending(version, new CompletableFuture<>());
                answers.put(key, p);
                mine = true;
            }
        }
        if (mine) {
            try {
                byte[] json = compute.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                p.answer().complete(Answer.of(version, json));
            } catch (RuntimeException e) {
                synchronized (answers) {
                    answers.remove(key, p); // a failure is not an answer to keep
                }
                p.answer().completeExceptionally(e);
                throw e;
            }
        }
        try {
            return p.answer().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
