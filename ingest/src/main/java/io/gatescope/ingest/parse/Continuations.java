package io.gatescope.ingest.parse;

/**
 * Lines that only continue the entry before them: the frames of a Java or Node.js stack trace
 * ({@code \tat ...}, {@code at ...}, {@code Caused by: ...}, {@code ... 12 more}), the caret and
 * source lines Node.js prints above an uncaught error, PHP's {@code #0 /var/www/...} frames and
 * {@code PHP Stack trace:}. Parsed lines of a known kind, not rejected ones.
 */
public final class Continuations {

    private Continuations() {}

    public static boolean isContinuation(String line) {
        String t = line.strip();
        if (t.isEmpty()) {
            return true;
        }
        boolean indented = line.charAt(0) == ' ' || line.charAt(0) == '\t';
        if (indented && (t.startsWith("at ") || t.equals("^") || t.startsWith("^^"))) {
            return true;
        }
        if (t.startsWith("Caused by: ") || t.startsWith("Suppressed: ")) {
            return true;
        }
        if (t.startsWith("... ") && t.endsWith(" more")) {
            return true;
        }
        if (t.startsWith("PHP Stack trace:") || t.startsWith("Stack trace:")) {
            return true;
        }
        return t.length() > 2
                && t.charAt(0) == '#'
                && Character.isDigit(t.charAt(1))
                && (t.indexOf(' ') > 0);
    }
}
