package io.gatescope.ingest.redact;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blanks the secrets that log lines carry before a line becomes evidence (an example in an
 * incident, the findings index, the UI, chatops): credentials in query strings ({@code
 * ?access_token=}, {@code api_key=}, {@code password=}, signed-URL signatures), {@code
 * Authorization} and {@code Cookie} values where a format logs them, bearer and basic credentials,
 * JSON web tokens and passwords in URLs. What is blanked becomes {@value #MASK}; the rest of the
 * line stays verbatim, so it still shows what failed. Errs on the side of blanking: a {@code
 * zipcode=} loses its value too. Thread-safe.
 */
public final class SecretRedactor {

    /** What a secret is replaced with. */
    public static final String MASK = "REDACTED";

    private static final int FLAGS = Pattern.CASE_INSENSITIVE;

    // A parameter whose name ends in one of these words, in a query string or a form body.
    private static final Pattern QUERY =
            Pattern.compile(
                    "([?&;]|&amp;)((?:[\\w.\\-\\[\\]]*(?:token|secret|passw(?:or)?d|pwd|api[_-]?key"
                            + "|access[_-]?key|auth|session(?:id)?|sessid|sid|signature|sig"
                            + "|credential|jwt|code)|key)=)([^&\\s\"'#;]+)",
                    FLAGS);

    // A header logged by name (text, key=value or JSON): a quoted value to its closing quote, an
    // unquoted one to the next space.
    private static final Pattern HEADER =
            Pattern.compile(
                    "((?:proxy[-_])?authorization|(?:set[-_])?cookie|x[-_]api[-_]key"
                            + "|x[-_]auth[-_]token|x[-_]amz[-_]security[-_]token)"
                            + "(\"?\\s*[:=]\\s*)(\"[^\"\\r\\n]*\""
                            + "|(?:(?:bearer|basic|digest|negotiate)\\s+)?[^\\s\"]+)",
                    FLAGS);

    private static final Pattern SCHEME =
            Pattern.compile("\\b(bearer|basic|digest|negotiate)\\s+[a-z0-9._~+/=\\-]{8,}", FLAGS);

    private static final Pattern JWT =
            Pattern.compile("eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]*");

    private static final Pattern URL_PASSWORD =
            Pattern.compile("(\\w+://[^/\\s:@\"]+:)[^/\\s@\"]+@");

    // What a secret parameter's name holds (QUERY's words, shortened): a line without any is not
    // searched for them.
    private static final String[] PARAMETER_WORDS = {
        "token",
        "secret",
        "passw",
        "pwd",
        "key",
        "auth",
        "sess",
        "sid",
        "sig",
        "credential",
        "jwt",
        "code"
    };

    private SecretRedactor() {}

    private static boolean containsAny(String s, String[] words) {
        for (String w : words) {
            if (s.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The line with its secrets blanked; the same instance when it holds none. */
    public static String redact(String line) {
        if (line == null || line.isEmpty()) {
            return line;
        }
        // Cheap tests first: a pattern runs only where the words it needs appear, and most lines
        // of a failure-heavy log hold none (each failure's example passes through here).
        String lower = line.toLowerCase(Locale.ROOT);
        String out = line;
        if (lower.contains("bearer ")
                || lower.contains("basic ")
                || lower.contains("digest ")
                || lower.contains("negotiate ")) {
            out = replace(SCHEME, out, "$1 " + MASK);
        }
        if (lower.contains("authoriz")
                || lower.contains("cookie")
                || lower.contains("key")
                || lower.contains("token")) {
            out = replaceHeaders(out);
        }
        if (line.contains("eyJ")) {
            out = replace(JWT, out, MASK);
        }
        if (line.indexOf('=') >= 0
                && (line.indexOf('?') >= 0 || line.indexOf('&') >= 0 || line.indexOf(';') >= 0)
                && containsAny(lower, PARAMETER_WORDS)) {
            out = replace(QUERY, out, "$1$2" + MASK);
        }
        if (line.contains("://") && line.indexOf('@') >= 0) {
            out = replace(URL_PASSWORD, out, "$1" + MASK + "@");
        }
        return out;
    }

    private static String replaceHeaders(String s) {
        return HEADER.matcher(s)
                .replaceAll(
                        m ->
                                Matcher.quoteReplacement(
                                        m.group(1)
                                                + m.group(2)
                                                + (m.group(3).startsWith("\"")
                                                        ? "\"" + MASK + "\""
                                                        : MASK)));
    }

    private static String replace(Pattern p, String s, String replacement) {
        return p.matcher(s).replaceAll(replacement); // the same instance when nothing matches
    }
}
