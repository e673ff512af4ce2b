package io.gatescope.ingest.parse;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A fixed text that formats put between fields ({@code " [", "\" rt="}), prepared once for the two
 * questions a parser asks many times per line: is it here, and where is it next. A literal of up to
 * eight bytes is compared as one masked word; a search looks for its first byte that is not a
 * space, because spaces are everywhere in a log line.
 */
public final class Literal {

    private final byte[] bytes;
    private final int anchor; // the offset of the byte searched for
    private final long word;
    private final long mask;

    private Literal(byte[] bytes) {
        this.bytes = bytes;
        int k = 0;
        while (k < bytes.length - 1 && bytes[k] == ' ') {
            k++;
        }
        this.anchor = k;
        long w = 0;
        for (int i = 0; i < Math.min(bytes.length, 8); i++) {
            w |= (bytes[i] & 0xFFL) << (8 * i);
        }
        this.word = w;
        this.mask = bytes.length >= 8 ? -1L : (1L << (8 * bytes.length)) - 1;
    }

    /** The literal's UTF-8 bytes. */
    public static Literal of(String text) {
        return new Literal(text.getBytes(UTF_8));
    }

    /** Its length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** The literal is at {@code at} in {@code line}. */
    public boolean isAt(LineBytes line, int at) {
        return bytes.length <= 8
                ? line.matchesWord(at, word, mask, bytes.length)
                : line.startsWith(bytes, at);
    }

    /** Its first occurrence in {@code line} at or after {@code from}, else -1. */
    public int find(LineBytes line, int from) {
        int n = bytes.length;
        if (n == 0) {
            return from <= line.length() ? from : -1;
        }
        char c = (char) (bytes[anchor] & 0xFF);
        int last = line.length() - n + anchor; // the last place the anchor can be
        for (int p = line.indexOf(c, from + anchor, last + 1);
                p >= 0;
                p = line.indexOf(c, p + 1, last + 1)) {
            if (isAt(line, p - anchor)) {
                return p - anchor;
            }
        }
        return -1;
    }

    /** The offset of the byte {@link #find} searches for: the first that is not a space. */
    public int anchor() {
        return anchor;
    }

    /** The byte {@link #find} searches for. */
    public byte anchorByte() {
        return bytes[anchor];
    }

    /** Its first eight bytes as a little-endian word, compared under {@link #mask()}. */
    public long word() {
        return word;
    }

    /** The bits of {@link #word()} that hold the literal's bytes. */
    public long mask() {
        return mask;
    }

    /** The first byte, or -1 for the empty literal. */
    public int firstByte() {
        return bytes.length == 0 ? -1 : bytes[0] & 0xFF;
    }

    @Override
    public String toString() {
        return new String(bytes, UTF_8);
    }
}
