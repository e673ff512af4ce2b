package io.gatescope.ingest.parse;

/**
 * What a whole text line looks like before any parser reads it: a proxy's or a controller's own
 * chatter, control bytes, delimiters left open by a cut.
 */
final class LineShapes {

    private LineShapes() {}

    /**
     * Envoy's and Istio's own lines beside their access log in {@code kubectl logs istio-proxy}:
     * {@code [2026-03-14 09:10:00.123][15][info][main] ...} and the agent's {@code
     * 2026-03-14T09:10:00.123Z<TAB>info<TAB>...}.
     */
    static boolean isProxyOwnLog(String line) {
        if (line.length() < 26) {
            return false;
        }
        if (line.charAt(0) == '[' && line.charAt(5) == '-' && line.charAt(11) == ' ') {
            int close = line.indexOf("][", 20);
            return close > 0 && close < 32;
        }
        int tab = line.indexOf('\t');
        return line.charAt(4) == '-' && line.charAt(10) == 'T' && tab >= 19 && tab <= 36;
    }

    /** klog, as Kubernetes controllers write: {@code I0314 09:10:00.123456 7 file.go:12] msg}. */
    static boolean isKlog(String line) {
        char c = line.charAt(0);
        return (c == 'I' || c == 'W' || c == 'E' || c == 'F')
                && line.length() > 22
                && Character.isDigit(line.charAt(1))
                && Character.isDigit(line.charAt(4))
                && line.charAt(5) == ' '
                && line.charAt(8) == ':';
    }

    static boolean hasControlBytes(String line) {
        int n = Math.min(line.length(), 256);
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t') {
                return true;
            }
        }
        return false;
    }

    /**
     * Quotes and brackets are closed: a line that fails with balanced delimiters is not truncated.
     */
    static boolean balanced(String line) {
        boolean inQuote = false;
        int brackets = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inQuote) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inQuote = false;
                }
            } else if (c == '"') {
                inQuote = true;
            } else if (c == '[') {
                brackets++;
            } else if (c == ']') {
                brackets--;
            }
        }
        return !inQuote && brackets == 0;
    }
}
