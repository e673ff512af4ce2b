package io.gatescope.ingest.parse;

/**
 * The one tokenizer for the space-separated formats (ALB, ELB, HAProxy, nginx tails): tokens are
 * separated by single spaces; a token may be {@code "quoted"} (backslash escapes allowed) or {@code
 * [bracketed]}. After {@link #next()}, {@link #start()} and {@link #end()} delimit the token's
 * content without its quotes or brackets. Reusable: call {@link #reset} per line.
 */
public final class FieldScanner {

    private LineBytes line;
    private int pos;
    private int limit;
    private int start;
    private int end;
    private boolean quoted;

    /** Starts scanning {@code line[from, to)}. */
    public FieldScanner reset(LineBytes line, int from, int to) {
        this.line = line;
        this.pos = from;
        this.limit = to;
        return this;
    }

    /** Starts scanning the whole line. */
    public FieldScanner reset(LineBytes line) {
        return reset(line, 0, line.length());
    }

    /**
     * Advances to the next token. Returns false at the end of the line, or when a quote or bracket
     * is not closed (the line was truncated).
     */
    public boolean next() {
        while (pos < limit && line.charAt(pos) == ' ') {
            pos++;
        }
        if (pos >= limit) {
            return false;
        }
        char c = line.charAt(pos);
        quoted = false;
        if (c == '"') {
            quoted = true;
            int p = pos + 1;
            while (true) {
                int q = indexOf('"', p);
                if (q < 0) {
                    pos = limit;
                    return false;
                }
                if (escapedAt(q, pos + 1)) {
                    p = q + 1;
                    continue;
                }
                start = pos + 1;
                end = q;
                pos = q + 1;
                return true;
            }
        }
        if (c == '[') {
            int close = indexOf(']', pos + 1);
            if (close < 0) {
                pos = limit;
                return false;
            }
            start = pos + 1;
            end = close;
            pos = close + 1;
            return true;
        }
        start = pos;
        int sp = indexOf(' ', pos + 1);
        end = sp < 0 ? limit : sp;
        pos = end;
        return true;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    /** The position just after the last token. */
    public int position() {
        return pos;
    }

    /** The last token was in double quotes. */
    public boolean quoted() {
        return quoted;
    }

    /** The last token's content as a string. */
    public String text() {
        return line.text(start, end);
    }

    /** The last token is exactly {@code s}. */
    public boolean is(String s) {
        int n = end - start;
        if (n != s.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (line.charAt(start + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The last token as a decimal, NaN for "-" or junk. */
    public double decimal() {
        return Numbers.parseDecimal(line, start, end);
    }

    /** The last token as an HTTP status, -1 for "-" or junk. */
    public int status() {
        return Numbers.parseStatus(line, start, end);
    }

    /** The last token as a non-negative integer, -1 otherwise. */
    public long integer() {
        return Numbers.parseLong(line, start, end);
    }

    /** An odd number of backslashes precedes {@code q}. */
    private boolean escapedAt(int q, int contentStart) {
        int k = q - 1;
        while (k >= contentStart && line.charAt(k) == '\\') {
            k--;
        }
        return (q - 1 - k) % 2 == 1;
    }

    private int indexOf(char c, int from) {
        return line.indexOf(c, from, limit);
    }
}
