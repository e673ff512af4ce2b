package io.gatescope.web.cli;

import io.gatescope.ingest.parse.envoy.EnvoyFormatParser;
import io.gatescope.ingest.parse.haproxy.HaproxyFormatParser;

/** The custom HAProxy and Envoy formats of analyze, serve and demo: checked once, at start. */
final class LogFormatOptions {

    private LogFormatOptions() {}

    /**
     * @throws IllegalArgumentException with a one-line reason for a format that cannot be read
     */
    static void check(String haproxy, String envoy) {
        if (orNull(haproxy) != null) {
            new HaproxyFormatParser(haproxy);
        }
        if (orNull(envoy) != null) {
            new EnvoyFormatParser(envoy);
        }
    }

    static String orNull(String format) {
        return format == null || format.isBlank() ? null : format;
    }
}
