package io.gatescope.web.service;

import io.gatescope.analyzer.job.StreamingConfig;
import java.nio.file.Path;

/**
 * Everything the streaming service needs, parsed once from flags and environment (flag >
 * environment > default) by the command line.
 *
 * @param bind the address the HTTP server listens on
 * @param flink a Flink cluster's REST address HOST:PORT, or null for the embedded MiniCluster
 * @param apiToken the bearer token the API requires, or null for none
 * @param slackSigningSecret the Slack app's signing secret, or null (chatops then answers 401)
 * @param publicUrl how users reach the UI (links in Slack messages)
 * @param slackWebhook a Slack incoming-webhook URL for incident alerts, or null
 * @param alertWebhook a generic JSON webhook URL for incident alerts, or null
 */
public record ServiceConfig(
        String bind,
        int port,
        Path data,
        StreamingConfig streaming,
        String flink,
        String apiToken,
        String slackSigningSecret,
        String publicUrl,
        String slackWebhook,
        String alertWebhook) {

    public Path indexDir() {
        return data.resolve("index");
    }

    public Path checkpointDir() {
        return data.resolve("checkpoints");
    }
}
