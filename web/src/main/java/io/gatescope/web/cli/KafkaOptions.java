package io.gatescope.web.cli;

import io.gatescope.analyzer.job.StreamingConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the raw lines live in Kafka, shared by {@code ship} and {@code serve}. */
final class KafkaOptions {

    @Option(
            names = "--bootstrap",
            defaultValue = "${env:GATESCOPE_BOOTSTRAP}",
            description = "Kafka bootstrap servers, HOST:PORT.")
    String bootstrap;

    @Option(
            names = "--topic",
            defaultValue = "${env:GATESCOPE_TOPIC:-" + StreamingConfig.DEFAULT_TOPIC + "}",
            description = "Topic with the raw lines (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--kafka-property",
            description = "A Kafka client setting KEY=VALUE (SASL, TLS...); repeatable.")
    Map<String, String> properties = Map.of();

    /** The bootstrap servers, checked. */
    String bootstrap() {
        if (bootstrap == null || !bootstrap.matches("[^:,\\s]+:\\d+(,[^:,\\s]+:\\d+)*")) {
            throw new IllegalArgumentException(
                    "--bootstrap must be HOST:PORT (or a comma-separated list)");
        }
        return bootstrap;
    }
}
