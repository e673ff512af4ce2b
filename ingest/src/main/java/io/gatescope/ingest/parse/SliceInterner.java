package io.gatescope.ingest.parse;

/**
 * Shares one {@link String} per distinct slice of text, such as a service or peer name: a log has
 * few of them, repeated on every line, so reading them allocates nothing once seen. A small
 * direct-mapped table; a collision only costs a new string. Not thread-safe.
 */
public final class SliceInterner {

    private static final int SIZE = 1024; // a power of two
    private final String[] table = new String[SIZE];
    private final byte[][] keys = new byte[SIZE][];

    public String intern(LineBytes src, int from, int to) {
        int h = src.hash(from, to);
        int slot = (h ^ h >>> 16) & (SIZE - 1);
        String cached = table[slot];
        if (cached != null && src.regionEquals(from, to, keys[slot])) {
            return cached;
        }
        String s = src.text(from, to);
        table[slot] = s;
        keys[slot] = src.copy(from, to);
        return s;
    }
}
