package io.gatescope.ingest.parse.nginx;

import io.gatescope.ingest.parse.FieldScanner;
import io.gatescope.ingest.parse.LineBytes;

/**
 * Reads what popular nginx formats append after the {@code common} prefix ({@code $remote_addr -
 * $remote_user [$time_local] "$request" $status $body_bytes_sent}): the quoted referer and user
 * agent, then {@code key=value} pairs ({@code rt=0.2 uct="0.001" upstream_addr=...}) or bare values
 * ({@code 0.120 10.0.3.11:8080 502}). Keys are resolved through {@link NginxVariable#byAlias}; bare
 * values by their shape.
 */
final class AccessTailReader {

    private final FieldScanner scanner = new FieldScanner();
    private final int[] times = new int[6];
    // The keys of the previous lines, by position: a log repeats the same keys in the same order,
    // so resolving a key is one comparison and no substring.
    private final String[] keys = new String[16];
    private final NginxVariable[] keyVars = new NginxVariable[16];
    private int keyIndex;

    /** Reads {@code line[from..]} into {@code out}. */
    void read(LineBytes line, int from, AccessLineBuilder out) {
        scanner.reset(line, from, line.length());
        int quoted = 0;
        int brackets = 0;
        int decimals = 0;
        keyIndex = 0;
        int timeCount = 0;
        boolean sawAddr = false;
        while (scanner.next()) {
            int s = scanner.start();
            int e = scanner.end();
            if (scanner.quoted()) {
                quoted++;
                if (quoted == 1) {
                    out.set(NginxVariable.HTTP_REFERER, s, e);
                } else if (quoted == 2) {
                    out.set(NginxVariable.HTTP_USER_AGENT, s, e);
                } else if (looksLikeHostName(line, s, e) && !out.has(NginxVariable.HOST)) {
                    out.set(NginxVariable.HOST, s, e);
                }
                continue;
            }
            if (line.charAt(scanner.start() - 1) == '[') {
                if (brackets++ == 0) {
                    out.set(NginxVariable.PROXY_UPSTREAM_NAME, s, e);
                }
                continue;
            }
            int eq = indexOf(line, '=', s, e);
            if (eq > 0 && isKey(line, s, eq)) {
                readKeyValue(line, s, eq, e, out);
                continue;
            }
            e = extendList(line, e);
            if (looksLikeAddress(line, s, e)) {
                out.set(NginxVariable.UPSTREAM_ADDR, s, e);
                sawAddr = true;
            } else if (sawAddr
                    && isStatusList(line, s, e)
                    && !out.has(NginxVariable.UPSTREAM_STATUS)) {
                out.set(NginxVariable.UPSTREAM_STATUS, s, e);
            } else if (isDecimalList(line, s, e)) {
                if (decimals++ == 0 && !sawAddr && !out.has(NginxVariable.REQUEST_TIME)) {
                    out.set(NginxVariable.REQUEST_TIME, s, e);
                } else if (timeCount < 3) {
                    times[timeCount * 2] = s;
                    times[timeCount * 2 + 1] = e;
                    timeCount++;
                }
            }
        }
        assignUpstreamTimes(times, timeCount, out);
    }

    /**
     * The tail as a {@code log_format} when it has the regular shape most configurations write (the
     * quoted referer and user agent, then only {@code key=value} pairs, single spaces), so that the
     * lines after it can be matched by a compiled format; null for any other shape.
     */
    String describe(LineBytes line, int from) {
        StringBuilder f = new StringBuilder();
        scanner.reset(line, from, line.length());
        int prev = from;
        int quoted = 0;
        while (scanner.next()) {
            int s = scanner.start();
            int e = scanner.end();
            if (scanner.quoted()) {
                if (++quoted > 2) {
                    return null;
                }
                f.append(line, prev, s - 1)
                        .append(quoted == 1 ? "\"$http_referer\"" : "\"$http_user_agent\"");
                prev = scanner.position();
                continue;
            }
            int eq = indexOf(line, '=', s, e);
            if (quoted < 2 || line.charAt(s - 1) == '[' || eq <= 0 || !isKey(line, s, eq)) {
                return null;
            }
            NginxVariable v = NginxVariable.byAlias(line.text(s, eq));
            String name = v == NginxVariable.OPAQUE ? "gatescope_opaque" : v.nginxName();
            f.append(line, prev, eq + 1);
            if (eq + 1 < line.length() && line.charAt(eq + 1) == '"') {
                int close = line.indexOf('"', eq + 2);
                if (close < 0) {
                    return null;
                }
                f.append("\"$").append(name).append('"');
                prev = close + 1;
            } else {
                f.append('$').append(name);
                prev = extendList(line, e);
            }
            scanner.reset(line, prev, line.length());
        }
        return quoted == 2 && prev == line.length() ? f.toString() : null;
    }

    /** One bare time list is the response time; three are connect, header, response. */
    private static void assignUpstreamTimes(int[] t, int n, AccessLineBuilder out) {
        if (n == 0 || out.has(NginxVariable.UPSTREAM_RESPONSE_TIME)) {
            return;
        }
        if (n >= 3) {
            out.set(NginxVariable.UPSTREAM_CONNECT_TIME, t[0], t[1]);
            out.set(NginxVariable.UPSTREAM_HEADER_TIME, t[2], t[3]);
            out.set(NginxVariable.UPSTREAM_RESPONSE_TIME, t[4], t[5]);
        } else {
            out.set(NginxVariable.UPSTREAM_RESPONSE_TIME, t[(n - 1) * 2], t[(n - 1) * 2 + 1]);
        }
    }

    private void readKeyValue(LineBytes line, int s, int eq, int e, AccessLineBuilder out) {
        NginxVariable v = variable(line, s, eq);
        int vs = eq + 1;
        int ve = e;
        if (vs < line.length() && line.charAt(vs) == '"') {
            int close = line.indexOf('"', vs + 1);
            if (close < 0) {
                return;
            }
            vs++;
            ve = close;
            scanner.reset(line, close + 1, line.length());
        } else {
            ve = extendList(line, e);
        }
        out.set(v, vs, ve);
    }

    private NginxVariable variable(LineBytes line, int s, int eq) {
        int slot = keyIndex++ & (keys.length - 1);
        String known = keys[slot];
        if (known != null && known.length() == eq - s && line.startsWith(known, s)) {
            return keyVars[slot];
        }
        String key = line.text(s, eq);
        keys[slot] = key;
        keyVars[slot] = NginxVariable.byAlias(key);
        return keyVars[slot];
    }

    /** Continues a bare token across nginx's list separators ", " and " : ". */
    private int extendList(LineBytes line, int e) {
        int end = e;
        while (true) {
            if (end > 0 && line.charAt(end - 1) == ',' && end < line.length()) {
                int next = nextTokenEnd(line, end + 1);
                if (next < 0) {
                    return end;
                }
                end = next;
            } else if (line.startsWith(" : ", end)) {
                int next = nextTokenEnd(line, end + 3);
                if (next < 0) {
                    return end;
                }
                end = next;
            } else {
                break;
            }
        }
        if (end != e) {
            scanner.reset(line, end, line.length());
        }
        return end;
    }

    private static int nextTokenEnd(LineBytes line, int from) {
        if (from >= line.length() || line.charAt(from) == ' ' || line.charAt(from) == '"') {
            return -1;
        }
        int sp = line.indexOf(' ', from);
        return sp < 0 ? line.length() : sp;
    }

    private static boolean isKey(LineBytes line, int s, int eq) {
        for (int i = s; i < eq; i++) {
            char c = line.charAt(i);
            if (!(c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c == '_'
                    || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return eq > s;
    }

    /** {@code 10.0.3.11:8080}, {@code [::1]:80}, {@code unix:/run/app.sock}, lists thereof. */
    private static boolean looksLikeAddress(LineBytes line, int s, int e) {
        if (line.startsWith("unix:", s)) {
            return true;
        }
        int colon = -1;
        for (int i = s; i < e && line.charAt(i) != ','; i++) {
            if (line.charAt(i) == ':') {
                colon = i;
            }
        }
        if (colon <= s || colon == e - 1) {
            return false;
        }
        for (int i = colon + 1; i < e && line.charAt(i) != ',' && line.charAt(i) != ' '; i++) {
            if (line.charAt(i) < '0' || line.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeHostName(LineBytes line, int s, int e) {
        boolean letter = false;
        boolean dot = false;
        for (int i = s; i < e; i++) {
            char c = line.charAt(i);
            if (c == '.') {
                dot = true;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                letter = true;
            } else if (!(c >= '0' && c <= '9' || c == '-' || c == ':')) {
                return false;
            }
        }
        return letter && dot;
    }

    private static boolean isStatusList(LineBytes line, int s, int e) {
        int digits = 0;
        for (int i = s; i < e; i++) {
            char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == ',' || c == ' ' || c == ':' || c == '-') {
                if (digits != 0 && digits != 3) {
                    return false;
                }
                digits = 0;
            } else {
                return false;
            }
        }
        return (digits == 3 || digits == 0)
                && e - s >= 1
                && (line.charAt(s) >= '1' && line.charAt(s) <= '5' || line.charAt(s) == '-');
    }

    private static boolean isDecimalList(LineBytes line, int s, int e) {
        boolean dot = false;
        for (int i = s; i < e; i++) {
            char c = line.charAt(i);
            if (c == '.') {
                dot = true;
            } else if (!(c >= '0' && c <= '9' || c == ',' || c == ' ' || c == ':' || c == '-')) {
                return false;
            }
        }
        return dot;
    }

    private static int indexOf(LineBytes line, char c, int s, int e) {
        return line.indexOf(c, s, e);
    }
}
