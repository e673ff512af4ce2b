package io.gatescope.ingest.parse;

/**
 * Shares one {@link String} per distinct slice of text, such as a service or peer name: a log has
 * few of them, repeated on every line, so reading them allocates nothing once seen. A small
 * direct-mapped table; a collision only costs a new string. Not thread-safe.
 */
final class SliceInterner {

    private static final int SIZE = 1024; // a power of two
    private final String[] table = new String[SIZE];

    String intern(String src, int from, int to) {
        int h = 0;
        for (int p = from; p < to; p++) {
            h = 31 * h + src.charAt(p);
        }
        int slot = (h ^ h >>> 16) & (SIZE - 1);
        String cached = table[slot];
        if (cached != null && equal(cached, src, from, to)) {
            return cached;
        }
        String s = src.subSequence(from, to).toString();
        table[slot] = s;
        return s;
    }

    private static boolean equal(String s, String src, int from, int to) {
        return s.length() == to - from && src.startsWith(s, from);
    }
}
