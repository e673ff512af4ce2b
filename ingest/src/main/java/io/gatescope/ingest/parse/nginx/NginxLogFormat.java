package io.gatescope.ingest.parse.nginx;

import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.Literal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An nginx {@code log_format}, compiled once into a matcher. The text between two variables is a
 * literal that must appear in the line; a variable's value runs up to the next literal. List
 * variables ({@code $upstream_*}) may contain the separators ", " and " : ", which is how nginx
 * writes retries, so a space-terminated list value continues across them. A full format is also
 * compiled into a class of its own ({@link FormatCompiler}), which answers most lines at about
 * twice the speed; the interpreter here reads the rest and is the reference the compiled class
 * agrees with.
 */
public final class NginxLogFormat {

    private static final Set<NginxVariable> LIST_VARS =
            EnumSet.of(
                    NginxVariable.UPSTREAM_ADDR,
                    NginxVariable.UPSTREAM_STATUS,
                    NginxVariable.UPSTREAM_CONNECT_TIME,
                    NginxVariable.UPSTREAM_HEADER_TIME,
                    NginxVariable.UPSTREAM_RESPONSE_TIME,
                    NginxVariable.UPSTREAM_RESPONSE_LENGTH);

    /** nginx's predefined {@code combined} format. */
    public static final String COMBINED =
            "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
                    + " \"$http_referer\" \"$http_user_agent\"";

    /** The default {@code log-format-upstream} of the Kubernetes ingress-nginx controller. */
    public static final String INGRESS_NGINX =
            "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
                    + " \"$http_referer\" \"$http_user_agent\" $request_length $request_time"
                    + " [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr"
                    + " $upstream_response_length $upstream_response_time $upstream_status $req_id";

    private final String source;
    private final Literal[] literals; // literals[i] precedes vars[i]; literals[n] ends the line
    private final NginxVariable[] vars;
    // Per variable, the bytes its value is made of when that grammar ends it (see grammarFor):
    // VALUE, or VALUE | SEPARATOR for the bytes that split a list.
    private final byte[][] grammars;
    private final boolean prefixOnly;
    private final boolean[] lists; // the variable is a list (LIST_VARS), looked up once
    // The matcher's per-variable facts as flat arrays, decided once so that matching a line
    // branches on one mode per variable: its ordinal (-1: opaque, not kept) and how its end is
    // found.
    private final int[] ords;
    private final byte[] modes;
    // The same format as bytecode, which answers most lines at twice the speed; null for what only
    // the interpreter below reads (a prefix; see FormatCompiler.compile for the others).
    private final CompiledMatcher compiled;

    private NginxLogFormat(
            String source, List<String> literals, List<NginxVariable> vars, boolean prefixOnly) {
        this.source = source;
        // Lines are matched as UTF-8 bytes.
        this.literals = literals.stream().map(Literal::of).toArray(Literal[]::new);
        this.vars = vars.toArray(new NginxVariable[0]);
        this.grammars = new byte[this.vars.length][];
        for (int k = 0; k < this.vars.length; k++) {
            grammars[k] = grammarFor(this.vars[k], this.literals[k + 1]);
        }
        this.prefixOnly = prefixOnly;
        this.lists = new boolean[this.vars.length];
        this.ords = new int[this.vars.length];
        this.modes = new byte[this.vars.length];
        for (int k = 0; k < this.vars.length; k++) {
            Literal next = this.literals[k + 1];
            lists[k] = LIST_VARS.contains(this.vars[k]);
            ords[k] = this.vars[k] == NginxVariable.OPAQUE ? -1 : this.vars[k].ordinal();
            // A lone "-" (nginx's empty value) followed by the literal is certainly the literal's
            // first occurrence when the literal cannot start at the dash.
            boolean dash = !lists[k] && next.firstByte() != '-';
            if (next.length() == 0) {
                modes[k] = k == this.vars.length - 1 && !prefixOnly ? TO_END : TO_SPACE;
            } else {
                modes[k] = grammars[k] != null ? BY_GRAMMAR : dash ? DASH_OR_SEARCH : SEARCH;
            }
        }
        this.compiled =
                prefixOnly ? null : FormatCompiler.compile(source, this.literals, this.vars);
    }

    // How a value's end is found (modes): the line's end; the next space (two adjacent
    // variables, or the last one of a prefix); the value's grammar, else a search; a lone "-",
    // else a search; a search for the next literal.
    private static final byte TO_END = 0;
    private static final byte TO_SPACE = 1;
    private static final byte BY_GRAMMAR = 2;
    private static final byte DASH_OR_SEARCH = 3;
    private static final byte SEARCH = 4;

    private static final byte VALUE = 1;
    private static final byte SEPARATOR = 2;

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String HOST_CHARS = LETTERS + "0123456789.-_";

    /**
     * The bytes a value of {@code v} consists of, when the literal after it cannot start with one
     * of them: then the value ends at the first byte outside them, and when the literal is right
     * there, that is the literal's first occurrence, exactly what a search would find. Reading a
     * number or a time this way is a few steps instead of a search. Null: search for the literal.
     */
    private static byte[] grammarFor(NginxVariable v, Literal next) {
        String chars =
                switch (v) {
                    case STATUS, BODY_BYTES_SENT, BYTES_SENT, CONNECTION -> "0123456789-";
                    case REQUEST_TIME, MSEC -> "0123456789.-";
                    case UPSTREAM_STATUS, UPSTREAM_RESPONSE_LENGTH -> "0123456789-, :";
                    case UPSTREAM_CONNECT_TIME, UPSTREAM_HEADER_TIME, UPSTREAM_RESPONSE_TIME ->
                            "0123456789.-, :";
                    // An address; "unix:" or anything else falls back to the search.
                    case REMOTE_ADDR -> "0123456789abcdefABCDEF.:";
                    case HOST, SERVER_NAME -> HOST_CHARS + ":[]";
                    case UPSTREAM_ADDR -> HOST_CHARS + ":[]/, ";
                    default -> null;
                };
        if (chars == null || next.length() == 0 || chars.indexOf(next.firstByte()) >= 0) {
            return null;
        }
        byte[] table = new byte[256];
        for (char c : chars.toCharArray()) {
            table[c] = c == ',' || c == ' ' ? VALUE | SEPARATOR : VALUE;
        }
        return table;
    }

    /**
     * Compiles the body of a {@code log_format} directive as written in nginx.conf: with or without
     * the directive name, format name, {@code escape=} and the quotes around each piece.
     *
     * @throws IllegalArgumentException with a one-line reason when the format has no variable
     */
    public static NginxLogFormat compile(String directive) {
        return compile(directive, false);
    }

    /**
     * Compiles a format that matches only the start of a line: its last variable ends at the next
     * space, and {@link #match} reports where the rest begins.
     */
    static NginxLogFormat compilePrefix(String format) {
        return compile(format, true);
    }

    private static NginxLogFormat compile(String directive, boolean prefixOnly) {
        String body = unwrap(directive);
        List<String> literals = new ArrayList<>();
        List<NginxVariable> vars = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '$' && i + 1 < body.length()) {
                int start = i + 1;
                boolean braced = body.charAt(start) == '{';
                int p = braced ? start + 1 : start;
                while (p < body.length() && isNameChar(body.charAt(p))) {
                    p++;
                }
                String name = body.substring(braced ? start + 1 : start, p);
                if (!name.isEmpty()) {
                    if (braced && p < body.length() && body.charAt(p) == '}') {
                        p++;
                    }
                    literals.add(lit.toString());
                    lit.setLength(0);
                    vars.add(NginxVariable.byVariableName(name));
                    i = p;
                    continue;
                }
            }
            lit.append(c);
            i++;
        }
        literals.add(lit.toString());
        if (vars.isEmpty()) {
            throw new IllegalArgumentException("nginx log format has no $variable: " + directive);
        }
        return new NginxLogFormat(body, literals, vars, prefixOnly);
    }

    /** Strips {@code log_format NAME escape=...}, the quotes of each piece and the final ';'. */
    static String unwrap(String directive) {
        String s = directive.strip();
        if (s.startsWith("log_format")) {
            s = s.substring("log_format".length()).strip();
            int sp = s.indexOf(' ');
            if (sp > 0 && !s.startsWith("'") && !s.startsWith("\"")) {
                s = s.substring(sp + 1).strip();
            }
        }
        while (s.startsWith("escape=")) {
            int sp = s.indexOf(' ');
            s = sp < 0 ? "" : s.substring(sp + 1).strip();
        }
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (s.isEmpty() || s.charAt(0) != '\'' && s.charAt(0) != '"') {
            return s;
        }
        // Concatenate quoted pieces: 'a' "b" 'c' -> abc (nginx joins them the same way).
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char q = s.charAt(i);
            if (q == '\'' || q == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != q) {
                    if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                        j++;
                    }
                    out.append(s.charAt(j));
                    j++;
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** The format body after unwrapping. */
    public String body() {
        return source;
    }

    /** The format is a JSON object template ({@code escape=json} style). */
    public boolean isJson() {
        return source.startsWith("{");
    }

    /** A new compiled matcher for this format, bypassing the shared cache (for benchmarks). */
    CompiledMatcher compileAgain() throws ReflectiveOperationException {
        return FormatCompiler.define(literals, vars);
    }

    /** {@code v} is an upstream list ({@code a, b : c}). */
    static boolean isList(NginxVariable v) {
        return LIST_VARS.contains(v);
    }

    /** The compiled matcher, or null when only the interpreter reads this format (for tests). */
    CompiledMatcher compiled() {
        return compiled;
    }

    /** The variables in the order they appear. */
    public List<NginxVariable> variables() {
        return List.of(vars);
    }

    /**
     * Matches a line, filling {@code out}. Returns the position where the line's unmatched rest
     * begins (the line's length for a full format), or -1 when the line does not fit the format.
     */
    int match(LineBytes line, AccessLineBuilder out) {
        if (compiled != null && compiled.match(line, out)) {
            return line.length();
        }
        return interpret(line, out);
    }

    /** {@link #match} by walking the format's variables: every line, and the compiled's doubts. */
    int interpret(LineBytes line, AccessLineBuilder out) {
        if (!literals[0].isAt(line, 0)) {
            return -1;
        }
        int pos = literals[0].length();
        int n = vars.length;
        for (int k = 0; k < n; k++) {
            Literal next = literals[k + 1];
            int end;
            switch (modes[k]) {
                case TO_END -> end = line.length();
                case TO_SPACE -> end = indexOfOrEnd(line, ' ', pos);
                case BY_GRAMMAR -> {
                    int read = endByGrammar(line, pos, grammars[k], next);
                    end = read >> 1;
                    if ((read & 1) == 0 && lists[k]) {
                        out.knowSingle(ords[k]); // the grammar saw every byte: no separator
                    }
                }
                case DASH_OR_SEARCH ->
                        end =
                                pos < line.length()
                                                && line.charAt(pos) == '-'
                                                && next.isAt(line, pos + 1)
                                        ? pos + 1
                                        : -1;
                default -> end = -1;
            }
            if (end < 0) {
                end = find(line, next, pos, lists[k]);
                if (end < 0) {
                    return -1;
                }
            }
            out.set(ords[k], pos, end);
            pos = end + next.length();
        }
        return (prefixOnly || pos == line.length()) ? pos : -1;
    }

    /**
     * Where the value ends, times two, plus one when it holds a list separator; -1 when the literal
     * is not where the value ends.
     */
    private static int endByGrammar(LineBytes line, int pos, byte[] grammar, Literal next) {
        int n = line.length();
        int e = pos;
        int seen = 0;
        int c;
        while (e < n && (c = grammar[line.charAt(e)]) != 0) {
            seen |= c;
            e++;
        }
        return next.isAt(line, e) ? e << 1 | (seen >> 1) : -1;
    }

    private static int find(LineBytes line, Literal literal, int from, boolean list) {
        int at = literal.find(line, from);
        if (at < 0 || !list || literal.firstByte() != ' ') {
            return at;
        }
        // A list value "a, b : c" contains spaces; a separator is not the end of the value.
        while (separatesList(line, from, at)) {
            int skip = line.startsWith(" : ", at) ? at + 3 : at + 1;
            at = literal.find(line, skip);
            if (at < 0) {
                return -1;
            }
        }
        return at;
    }

    /**
     * A space-led literal found at {@code at} is a separator inside a list value that started at
     * {@code from} ({@code a, b} or {@code a : b}), not the end of the value.
     */
    static boolean separatesList(LineBytes line, int from, int at) {
        return at > from && (line.charAt(at - 1) == ',' || line.startsWith(" : ", at));
    }

    private static int indexOfOrEnd(LineBytes line, char c, int from) {
        int i = line.indexOf(c, from);
        return i < 0 ? line.length() : i;
    }
}
