package io.gatescope.web.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code demo} and {@code serve} share; each has its GATESCOPE_ environment twin. */
final class ServiceOptions {

    @Option(
            names = "--port",
            defaultValue = "${env:GATESCOPE_PORT:-8080}",
            description = "HTTP port of the UI and API (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data",
            defaultValue = "${env:GATESCOPE_DATA:-./data}",
            description = "Index, checkpoints and broker data (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--api-token",
            defaultValue = "${env:GATESCOPE_API_TOKEN}",
            description =
                    "Require 'Authorization: Bearer TOKEN' on the API (prefer the environment variable).")
    String apiToken;

    @Option(
            names = "--slack-signing-secret",
            defaultValue = "${env:GATESCOPE_SLACK_SIGNING_SECRET}",
            description = "Slack app signing secret for /api/chatops/slack.")
    String slackSigningSecret;

    @Option(
            names = "--slack-webhook",
            defaultValue = "${env:GATESCOPE_SLACK_WEBHOOK}",
            description = "Slack incoming-webhook URL for incident alerts.")
    String slackWebhook;

    @Option(
            names = "--alert-webhook",
            defaultValue = "${env:GATESCOPE_ALERT_WEBHOOK}",
            description = "Generic JSON webhook URL for incident alerts.")
    String alertWebhook;

    @Option(
            names = "--public-url",
            defaultValue = "${env:GATESCOPE_PUBLIC_URL}",
            description = "How users reach the UI (links in Slack); default http://localhost:PORT.")
    String publicUrl;

    @Mixin LogFormatOptions formats;

    @Option(
            names = "--zone",
            defaultValue = "${env:GATESCOPE_ZONE:-UTC}",
            description = "Zone for time stamps without one (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(
            names = "--max-skew",
            defaultValue = "${env:GATESCOPE_MAX_SKEW:-10m}",
            converter = DurationConverter.class,
            description =
                    "How far, in log time, the files of one source (an nginx's access and error"
                            + " logs) may lag each other and still be analysed as analyze would;"
                            + " lines further behind are counted as late (default: ${DEFAULT-VALUE}).")
    java.time.Duration maxSkew;

    @Option(
            names = "--hosts",
            defaultValue = "${env:GATESCOPE_HOSTS}",
            description =
                    "A file of 'ADDRESS NAME' lines (as /etc/hosts) saying which machine answers on"
                            + " which address, to join upstream and platform logs to the peers.")
    Path hosts;

    @Option(
            names = "--bind",
            defaultValue = "${env:GATESCOPE_BIND:-0.0.0.0}",
            description = "Address the HTTP server listens on (default: ${DEFAULT-VALUE}).")
    String bind;
}
