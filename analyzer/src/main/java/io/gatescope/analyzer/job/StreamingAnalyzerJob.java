package io.gatescope.analyzer.job;

import io.gatescope.analyzer.model.Finding;
import io.gatescope.ingest.event.Rejection;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The streaming analyzer: Kafka lines in, findings and rejected lines out to Kafka. The same
 * workflow as {@code analyze}; this class only wires source, sinks and checkpointing. Its main is
 * the entry point of the job jar for {@code flink run}.
 */
public final class StreamingAnalyzerJob {

    private StreamingAnalyzerJob() {}

    public static void main(String[] args) throws Exception {
        StreamingConfig config = StreamingConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(10_000);
        }
        defineStreamingJob(env, config);
        env.execute("gatescope analyzer");
    }

    /** Adds the job's operators to an environment (embedded MiniCluster or a cluster). */
    public static void defineStreamingJob(StreamExecutionEnvironment env, StreamingConfig config) {
        env.getConfig().enableObjectReuse(); // see FileAnalysis: no operator keeps its input
        // Network buffers leave when full or after this long: 100 ms by default, per hop, and an
        // alert crosses four hops on its way to the findings topic.
        env.setBufferTimeout(20);
        Properties kafka = new Properties();
        kafka.putAll(config.kafka());
        KafkaSource<RawLine> source =
                KafkaSource.<RawLine>builder()
                        .setBootstrapServers(config.bootstrap())
                        .setTopics(config.topic())
                        .setGroupId(config.groupId())
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new RawLineDeserializer())
                        // Lines are small and many: fetch and hand over in big batches (a
                        // backlog drains at the parser's speed, not at 500 records per poll).
                        .setProperty("max.poll.records", "10000")
                        // Bounded, though: a fetch is compressed, and log lines compress five- to
                        // tenfold, so 64 MiB fetches of a backlog (a burst, a restart) filled a 2
                        // GiB
                        // heap with decompressed batches queued for the parser.
                        .setProperty("max.partition.fetch.bytes", Integer.toString(4 << 20))
                        .setProperty("fetch.max.bytes", Integer.toString(8 << 20))
                        // A live stream trickles: without a minimum, every poll sends a fetch that
                        // returns a handful of lines, which cost a fifth of a core at 20 k lines/s.
                        // The broker now holds a fetch up to 20 ms for 64 KiB.
                        .setProperty("fetch.min.bytes", Integer.toString(64 << 10))
                        .setProperty("fetch.max.wait.ms", "20")
                        .setProperties(kafka)
                        .setProperty("partition.discovery.interval.ms", "30000")
                        .build();
        AnalyzerConfig analyzer = config.analyzer();
        // Per source (file), not per partition: see PerSourceWatermarks, which also marks a
        // partition idle when none of its sources is awaited.
        WatermarkStrategy<RawLine> watermarks =
                WatermarkStrategy.<RawLine>forGenerator(ctx -> analyzer.watermarks(true))
                        .withTimestampAssigner(ctx -> new LineTimestampAssigner(analyzer));
        DataStream<RawLine> lines =
                env.fromSource(source, watermarks, "kafka lines").uid("kafka-lines");
        AnalyzerWorkflow.Parsed parsed = AnalyzerWorkflow.parseTimestamped(lines, analyzer);
        DataStream<Finding> found = AnalyzerWorkflow.defineWorkflow(parsed, analyzer, true);
        found.sinkTo(
                        KafkaSink.<Finding>builder()
                                .setBootstrapServers(config.bootstrap())
                                .setKafkaProducerConfig(kafka)
                                .setRecordSerializer(
                                        new JsonRecordSerializer<>(
                                                config.findingsTopic(), Finding::key))
                                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .build())
                .name("findings to kafka")
                .uid("findings-sink");
        parsed.rejected()
                .sinkTo(
                        KafkaSink.<Rejection>builder()
                                .setBootstrapServers(config.bootstrap())
                                .setKafkaProducerConfig(kafka)
                                .setRecordSerializer(
                                        new JsonRecordSerializer<>(
                                                config.rejectedTopic(), Rejection::source))
                                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .build())
                .name("rejected lines to kafka")
                .uid("rejected-sink");
    }
}
