package io.gatescope.ingest.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log format a user wrote for a gateway without a fixed one (HAProxy's {@code log-format},
 * Envoy's access-log {@code format}), compiled to a pattern: its literal text as it is, each
 * variable a group that takes the shortest text up to the next literal. {@link #match} gives each
 * variable's text by name. Immutable and thread-safe; a format without any variable is refused.
 */
public final class LogTemplate {

    private final Pattern pattern;
    private final List<String> names;

    private LogTemplate(Pattern pattern, List<String> names) {
        this.pattern = pattern;
        this.names = names;
    }

    /**
     * Compiles a format.
     *
     * @param variable how a variable is written (group 1: its name as the parsers know it)
     * @param quoted a variable flag that makes the gateway quote the value ({@code +Q}), or null
     * @throws IllegalArgumentException with a one-line reason when the format has no variable
     */
    public static LogTemplate compile(String format, Pattern variable, String quoted) {
        Matcher m = variable.matcher(format);
        StringBuilder regex = new StringBuilder("^");
        List<String> names = new ArrayList<>();
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(format.substring(at, m.start())));
            boolean q = quoted != null && m.group().contains(quoted);
            // The last variable takes the rest of the line; the others as little as they can.
            boolean last = m.end() == format.length();
            String group = last ? "(.*)" : "(.*?)";
            regex.append(q ? "\"" + group + "\"" : group);
            names.add(m.group(1));
            at = m.end();
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the log format has no variable: " + format);
        }
        regex.append(Pattern.quote(format.substring(at))).append('$');
        return new LogTemplate(Pattern.compile(regex.toString()), List.copyOf(names));
    }

    /** The variables' names, in the order of the format. */
    public List<String> names() {
        return names;
    }

    /** Each variable's text (the first of a repeated one), or null when the line does not fit. */
    public Map<String, String> match(String line) {
        Matcher m = pattern.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.putIfAbsent(names.get(i), m.group(i + 1));
        }
        return out;
    }
}
