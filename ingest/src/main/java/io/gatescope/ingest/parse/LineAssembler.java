package io.gatescope.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts entries written over several lines back together, per source: a JSON document printed over
 * lines ({@code kubectl get events -o json}, {@code --watch -o json}'s objects one after another, a
 * pretty-printed access entry) and an nginx error entry whose message spans lines ({@code FastCGI
 * sent in stderr: "PHP message: ...} with the script's stderr in it). A {@code List} document comes
 * out as its items, one logical line each. Every other line passes through at once; a line starts
 * an entry only when it cannot be complete by itself, so single-line logs pay one look at their
 * first byte. Not thread-safe.
 */
public final class LineAssembler {

    /** A logical line and how many physical lines it was read from (0 for a list's later items). */
    public record Entry(String line, int lines) {}

    /** The largest document put together (a List of events); past it the lines go one by one. */
    public static final int MAX_DOCUMENT = 8 << 20;

    /** The most lines an nginx entry may continue over. */
    static final int MAX_CONTINUED = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Pending> pending = new HashMap<>();

    private static final class Pending {
        final StringBuilder text = new StringBuilder();
        final boolean json;
        boolean cri;
        int lines;
        int depth;
        boolean inString;
        boolean escaped;

        Pending(boolean json) {
            this.json = json;
        }
    }

    /** Whether {@code source} is in the middle of an entry: its next line belongs to it. */
    public boolean holds(String source) {
        return !pending.isEmpty() && pending.containsKey(source);
    }

    /**
     * Whether a line might open an entry that continues: it starts (after blanks) with a brace or a
     * bracket, or it is an nginx error line with an unclosed stderr message.
     */
    public static boolean mayOpen(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        if (i == line.length()) {
            return false;
        }
        char c = line.charAt(i);
        return c == '{' || c == '[' || line.contains("sent in stderr: \"");
    }

    /**
     * A CRI line cut by the runtime ({@code TIME stdout P part}): its content is continued by the
     * source's next line, up to one tagged {@code F}. The position of the tag, or -1.
     */
    public static int criPartialTag(CharSequence line) {
        int n = line.length();
        if (n < 32 || line.charAt(4) != '-' || line.charAt(10) != 'T') {
            return -1;
        }
        int sp = -1;
        for (int i = 19; i < Math.min(n, 40); i++) {
            if (line.charAt(i) == ' ') {
                sp = i;
                break;
            }
        }
        if (sp < 0 || sp + 10 > n || line.charAt(sp + 7) != ' ' || line.charAt(sp + 9) != ' ') {
            return -1;
        }
        boolean stream =
                line.charAt(sp + 1) == 's'
                        && (line.charAt(sp + 2) == 't' && line.charAt(sp + 4) == 'o'
                                || line.charAt(sp + 2) == 't' && line.charAt(sp + 4) == 'e');
        char tag = line.charAt(sp + 8);
        return stream && (tag == 'P' || tag == 'F') ? sp + 8 : -1;
    }

    /** The entries that one more line of {@code source} completes (usually just the line). */
    public List<Entry> feed(String source, String line) {
        Pending p = pending.get(source);
        if (p != null && p.cri || p == null && isCriPartial(line)) {
            return feedCri(source, p, line);
        }
        if (p == null) {
            if (opensJson(line)) {
                p = new Pending(true);
            } else if (opensNginxStderr(line)) {
                p = new Pending(false);
            } else {
                return List.of(new Entry(line, 1));
            }
            pending.put(source, p);
        } else {
            p.text.append('\n');
        }
        p.text.append(line);
        p.lines++;
        boolean done = p.json ? scan(p, line) : closesNginxStderr(line) && p.lines > 1;
        if (!done && p.text.length() < MAX_DOCUMENT && (p.json || p.lines < MAX_CONTINUED)) {
            return List.of();
        }
        pending.remove(source);
        return done ? complete(p) : split(p);
    }

    private static boolean isCriPartial(String line) {
        int tag = criPartialTag(line);
        return tag > 0 && line.charAt(tag) == 'P';
    }

    /**
     * The runtime's pieces of one line put back together: the first piece's prefix with tag F, then
     * every piece's content. A piece that is not CRI ends the line as it stands.
     */
    private List<Entry> feedCri(String source, Pending p, String line) {
        int tag = criPartialTag(line);
        if (p == null) {
            p = new Pending(false);
            p.cri = true;
            pending.put(source, p);
            p.text.append(line, 0, tag).append('F').append(line, tag + 1, line.length());
            p.lines = 1;
            return List.of();
        }
        if (tag < 0) {
            pending.remove(source);
            List<Entry> out = new ArrayList<>(complete(p));
            out.addAll(feed(source, line));
            return out;
        }
        p.text.append(line, tag + 2, line.length());
        p.lines++;
        if (line.charAt(tag) == 'F' || p.text.length() >= MAX_DOCUMENT) {
            pending.remove(source);
            return complete(p);
        }
        return List.of();
    }

    /** What a source holds when its input ends: its lines as they were. */
    public List<Entry> flush(String source) {
        Pending p = pending.remove(source);
        return p == null ? List.of() : split(p);
    }

    /**
     * Every source's unfinished entry as the lines read so far (joined by newlines): fed again line
     * by line, they give the same state, which is how a checkpoint keeps it.
     */
    public Map<String, String> held() {
        Map<String, String> out = new java.util.TreeMap<>();
        pending.forEach(
                (source, p) -> {
                    String text = p.text.toString();
                    if (p.cri) {
                        // Fed again, the pieces must read as the unfinished line they are.
                        int tag = criPartialTag(text);
                        text = text.substring(0, tag) + 'P' + text.substring(tag + 1);
                    }
                    out.put(source, text);
                });
        return out;
    }

    /** Every source's unfinished entry, for the end of the input. */
    public List<String> sources() {
        return new ArrayList<>(pending.keySet());
    }

    private static boolean opensJson(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.charAt(0) != '{' && t.charAt(0) != '[') {
            return false;
        }
        Pending probe = new Pending(true);
        return !scan(probe, line);
    }

    private static boolean opensNginxStderr(String line) {
        int at = line.indexOf("sent in stderr: \"");
        return at > 0 && line.charAt(4) == '/' && !closesNginxStderr(line.substring(at + 17));
    }

    /** The line holds the end of nginx's entry: the stderr message closed, the context after it. */
    private static boolean closesNginxStderr(String line) {
        return line.contains("\" while ") || line.contains("\", client: ") || line.endsWith("\"");
    }

    /** Follows a JSON text's brackets over one more line; true when the document is closed. */
    private static boolean scan(Pending p, String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (p.inString) {
                if (p.escaped) {
                    p.escaped = false;
                } else if (c == '\\') {
                    p.escaped = true;
                } else if (c == '"') {
                    p.inString = false;
                }
            } else if (c == '"') {
                p.inString = true;
            } else if (c == '{' || c == '[') {
                p.depth++;
            } else if (c == '}' || c == ']') {
                p.depth--;
                if (p.depth == 0 && i < line.length() - 1 && !line.substring(i + 1).isBlank()) {
                    return true; // more after the document: give it back as it is
                }
            }
        }
        return p.depth <= 0;
    }

    private static List<Entry> complete(Pending p) {
        String text = p.text.toString();
        if (!p.json) {
            return List.of(new Entry(text, p.lines));
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (Exception e) {
            return split(p);
        }
        JsonNode items = n == null ? null : n.isArray() ? n : n.path("items");
        if (items != null
                && items.isArray()
                && (n.isArray() || n.path("kind").asText("").endsWith("List"))) {
            List<Entry> out = new ArrayList<>(items.size());
            for (JsonNode item : items) {
                out.add(new Entry(item.toString(), out.isEmpty() ? p.lines : 0));
            }
            return out.isEmpty() ? List.of(new Entry("", p.lines)) : out;
        }
        return List.of(new Entry(n == null ? text : n.toString(), p.lines));
    }

    /** The held lines one by one, as if never held (an entry that never closed). */
    private static List<Entry> split(Pending p) {
        List<Entry> out = new ArrayList<>();
        for (String l : p.text.toString().split("\n", -1)) {
            out.add(new Entry(l, 1));
        }
        return out;
    }
}
