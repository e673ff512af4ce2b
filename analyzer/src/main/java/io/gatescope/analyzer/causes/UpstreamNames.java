package io.gatescope.analyzer.causes;

/** Names pulled out of evidence text for diagnostic commands. */
final class UpstreamNames {

    private UpstreamNames() {}

    /** The host name in "NAME could not be resolved", or the main target. */
    static String resolvedName(IncidentFeatures f) {
        for (String key : f.window().evidence.keySet()) {
            int i = key.indexOf(" could not be resolved");
            if (i > 0) {
                String head = key.substring(0, i);
                int sep = Math.max(head.lastIndexOf('|'), head.lastIndexOf(' '));
                return head.substring(sep + 1);
            }
            int n = key.indexOf("no resolver defined to resolve ");
            if (n >= 0) {
                String rest = key.substring(n + "no resolver defined to resolve ".length());
                int sp = rest.indexOf(' ');
                return sp < 0 ? rest : rest.substring(0, sp);
            }
        }
        return Fixes.hostOf(f.mainTarget());
    }

    /** The resolver address from ", resolver: IP:53", or the local resolver. */
    static String resolver(IncidentFeatures f) {
        for (String lines : f.window().examples.getOrDefault("DNS", java.util.List.of())) {
            int i = lines.indexOf("resolver: ");
            if (i >= 0) {
                String r = lines.substring(i + 10);
                int end = 0;
                while (end < r.length()
                        && (Character.isDigit(r.charAt(end)) || r.charAt(end) == '.')) {
                    end++;
                }
                if (end > 0) {
                    return r.substring(0, end);
                }
            }
        }
        return "127.0.0.53";
    }
}
