package io.gatescope.web.cli;

import io.gatescope.analyzer.job.AnalyzerConfig;
import io.gatescope.ingest.parse.ParseContext;
import io.gatescope.ingest.parse.envoy.EnvoyFormatParser;
import io.gatescope.ingest.parse.haproxy.HaproxyFormatParser;
import io.gatescope.ingest.parse.nginx.NginxLogFormat;
import picocli.CommandLine.Option;

/**
 * The custom nginx, HAProxy and Envoy formats, one picocli mixin for every command that reads logs:
 * the same flags, environment twins and checks everywhere, each format checked once, at start.
 */
final class LogFormatOptions {

    @Option(
            names = "--nginx-log-format",
            defaultValue = "${env:GATESCOPE_NGINX_LOG_FORMAT}",
            description = "The body of your nginx log_format directive, as in nginx.conf.")
    String nginx;

    @Option(
            names = "--haproxy-log-format",
            defaultValue = "${env:GATESCOPE_HAPROXY_LOG_FORMAT}",
            description =
                    "The body of your HAProxy log-format directive (%ci:%cp [%tr] %ft %b/%s ...),"
                            + " for HAProxy logs in a custom format.")
    String haproxy;

    @Option(
            names = "--envoy-log-format",
            defaultValue = "${env:GATESCOPE_ENVOY_LOG_FORMAT}",
            description =
                    "Your Envoy access log's format string ([%START_TIME%] \"%REQ(:METHOD)% ...\""
                            + " %RESPONSE_CODE% ...), for Envoy logs in a custom format.")
    String envoy;

    /**
     * @throws IllegalArgumentException with a one-line reason for a format that cannot be read
     */
    void check() {
        if (orNull(nginx) != null) {
            NginxLogFormat.compile(nginx);
        }
        if (orNull(haproxy) != null) {
            new HaproxyFormatParser(haproxy);
        }
        if (orNull(envoy) != null) {
            new EnvoyFormatParser(envoy);
        }
    }

    /** {@code config} reading the formats given (checked before). */
    AnalyzerConfig applyTo(AnalyzerConfig config) {
        AnalyzerConfig c = orNull(nginx) != null ? config.withNginxLogFormat(nginx) : config;
        return c.withLogFormats(orNull(haproxy), orNull(envoy));
    }

    /** {@code ctx} reading the formats given (checked before). */
    ParseContext applyTo(ParseContext ctx) {
        ParseContext c = orNull(nginx) != null ? ctx.withNginxLogFormat(nginx) : ctx;
        return c.withLogFormats(orNull(haproxy), orNull(envoy));
    }

    private static String orNull(String format) {
        return format == null || format.isBlank() ? null : format;
    }
}
