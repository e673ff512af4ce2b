package io.gatescope.analyzer.dimensions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds request paths into endpoint templates: {@code /v2/invoices/8812/render?x=1} becomes {@code
 * /v2/invoices/{id}/render}. Two stages: {@link #fold} replaces what is an id by its shape alone
 * (numbers, UUIDs, hex hashes, long mixed tokens, dates; a fingerprint inside a static file's
 * name), per request; {@link #learn} then folds what only the traffic shows to be an id (user
 * names, slugs): a position where, among paths otherwise equal, most values are seen once or twice.
 * The second stage runs on a finished window's values, so its answer does not depend on arrival
 * order.
 */
public final class PathTemplate {

    /** The placeholder for an id, as the contract writes it. */
    public static final String ID = "{id}";

    static final int MAX_SEGMENTS = 12;
    static final int MAX_SEGMENT = 64;

    /** A position needs this many distinct values before the traffic can call it an id. */
    static final int LEARN_MIN_DISTINCT = 4;

    /** ...and this many distinct values per occurrence: endpoints repeat, ids rarely do. */
    static final double LEARN_MIN_SPREAD = 0.5;

    /** ...among at least this many requests: a handful of requests to five endpoints is not it. */
    static final long LEARN_MIN_OCCURRENCES = 8;

    private PathTemplate() {}

    /** The path of a request URI with its ids folded by their shape. */
    public static String fold(String uri) {
        if (uri == null || uri.isEmpty() || "-".equals(uri)) {
            return "";
        }
        int start = 0;
        int scheme = uri.indexOf("://");
        if (scheme > 0 && scheme < 10) {
            // An absolute URI (ALB, proxies): its path only.
            int slash = uri.indexOf('/', scheme + 3);
            if (slash < 0) {
                return "/";
            }
            start = slash;
        }
        int end = uri.length();
        for (int i = start; i < end; i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#' || c == ';') {
                end = i;
                break;
            }
        }
        StringBuilder out = new StringBuilder(end - start + 8);
        int segments = 0;
        int i = start;
        while (i < end) {
            int next = uri.indexOf('/', i);
            if (next < 0 || next > end) {
                next = end;
            }
            if (next > i) {
                if (++segments > MAX_SEGMENTS) {
                    out.append("/…");
                    break;
                }
                out.append('/').append(segment(uri.substring(i, next)));
            }
            i = next + 1;
        }
        if (out.isEmpty() || (end > start && uri.charAt(end - 1) == '/' && segments == 0)) {
            return "/";
        }
        return out.toString();
    }

    static String segment(String s) {
        if (isId(s)) {
            return ID;
        }
        String fingerprinted = fingerprint(s);
        if (fingerprinted != null) {
            return fingerprinted;
        }
        return s.length() > MAX_SEGMENT ? s.substring(0, MAX_SEGMENT) + "…" : s;
    }

    /** An id by its shape alone. */
    static boolean isId(String s) {
        int n = s.length();
        int digits = 0;
        int letters = 0;
        int hex = 0;
        int separators = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                hex++;
            } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                letters++;
                hex++;
            } else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) {
                letters++;
            } else if (c == '-' || c == '_' || c == '.' || c == ':' || c == '~' || c == '=') {
                separators++;
            } else if (c != '%' && c != '+') {
                return false;
            }
        }
        if (digits == 0) {
            return n > 40 && letters > 0; // a long opaque token, base64 without digits
        }
        if (letters == 0) {
            return true; // 8812, 2024-06-01, 1.4.2, 10:30
        }
        if (hex + separators == n && hex >= 8) {
            return true; // a hash or a UUID
        }
        // A long token mixing letters and digits: an API key, a base64 id, a slug with an id.
        return n - separators >= 16 && digits * 5 >= n - separators;
    }

    /** {@code app.3f9a8c1b.js} gives {@code app.{id}.js}; null when there is no fingerprint. */
    static String fingerprint(String s) {
        StringBuilder out = null;
        int from = 0;
        int n = s.length();
        for (int i = 0; i <= n; i++) {
            if (i < n && !isPartSeparator(s.charAt(i))) {
                continue;
            }
            // s[from, i) is one part between separators.
            if (i - from >= 8 && (from > 0 || i < n) && isId(s.substring(from, i))) {
                if (out == null) {
                    out = new StringBuilder(n).append(s, 0, from);
                }
                out.append(ID);
            } else if (out != null) {
                out.append(s, from, i);
            }
            if (out != null && i < n) {
                out.append(s.charAt(i));
            }
            from = i + 1;
        }
        return out == null ? null : out.toString();
    }

    private static boolean isPartSeparator(char c) {
        return c == '.' || c == '-' || c == '_';
    }

    /**
     * What the traffic shows: for paths folded by {@link #fold}, with how often each was seen, the
     * template each one belongs to. A position folds where paths equal elsewhere show at least
     * {@link #LEARN_MIN_DISTINCT} values there, half or more of them new at each occurrence.
     */
    public static Map<String, String> learn(Map<String, Long> paths) {
        Map<String, String> out = new HashMap<>();
        Map<String, String[]> split = new HashMap<>();
        paths.keySet().forEach(p -> split.put(p, p.split("/", -1)));
        for (int position = 1; position <= MAX_SEGMENTS; position++) {
            Map<String, Set<String>> distinct = new HashMap<>();
            Map<String, Long> occurrences = new HashMap<>();
            Map<String, List<String>> members = new HashMap<>();
            for (Map.Entry<String, String[]> e : split.entrySet()) {
                String[] parts = e.getValue();
                if (parts.length <= position || ID.equals(parts[position])) {
                    continue;
                }
                String key = position + ":" + join(parts, position);
                distinct.computeIfAbsent(key, k -> new HashSet<>()).add(parts[position]);
                occurrences.merge(key, paths.get(e.getKey()), Long::sum);
                members.computeIfAbsent(key, k -> new ArrayList<>()).add(e.getKey());
            }
            for (Map.Entry<String, Set<String>> d : distinct.entrySet()) {
                int n = d.getValue().size();
                long seen = occurrences.get(d.getKey());
                if (n >= LEARN_MIN_DISTINCT
                        && seen >= LEARN_MIN_OCCURRENCES
                        && n >= LEARN_MIN_SPREAD * seen) {
                    for (String member : members.get(d.getKey())) {
                        split.get(member)[position] = ID;
                    }
                }
            }
        }
        split.forEach((p, parts) -> out.put(p, String.join("/", parts)));
        return out;
    }

    private static String join(String[] parts, int except) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            b.append(i == except ? "*" : parts[i]).append('/');
        }
        return b.toString();
    }
}
