package io.gatescope.analyzer.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatescope.analyzer.dimensions.RequestDimensions;
import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.StepStats;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class StepStatsSerializerTest {

    @Test
    void everyFieldSurvivesTheWire() throws IOException {
        StepStats s = busyStep();
        StepStats back = roundTrip(s);
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
        assertThat(back.upstream.percentile(50)).isEqualTo(s.upstream.percentile(50));
    }

    @Test
    void anEmptyStepSurvivesTheWire() throws IOException {
        StepStats s = new StepStats();
        assertThat(roundTrip(s)).usingRecursiveComparison().isEqualTo(s);
    }

    @Test
    void histogramsTravelAsTheirUsedBucketsOnly() throws IOException {
        StepStats empty = new StepStats("shop", 0, 10_000);
        // Two histograms of 464 buckets were 2 x 3.7 KB each before.
        assertThat(bytes(empty)).isLessThan(300);
    }

    @Test
    void aCopyIsIndependentOfItsOriginal() {
        StepStats s = busyStep();
        StepStats c = StepStatsSerializer.INSTANCE.copy(s);
        c.requests++;
        c.peerErrors.put("10.9.9.9:80", 1L);
        c.upstream.record(5);
        c.examples.get("CONNECT_REFUSED").add("another line");
        assertThat(s.requests).isEqualTo(120);
        assertThat(s.peerErrors).doesNotContainKey("10.9.9.9:80");
        assertThat(s.upstream.total).isEqualTo(3);
        assertThat(s.examples.get("CONNECT_REFUSED")).hasSize(1);
    }

    @Test
    void flinkPicksThisSerializerForStepsAndForFindingsThatCarryThem() {
        assertThat(TypeInformation.of(StepStats.class)).isEqualTo(StepStatsSerializer.TYPE);
        assertThat(TypeInformation.of(Finding.class).toString()).contains("StepStats");
    }

    @Test
    void aRestoredSnapshotIsCompatibleAsIs() throws IOException {
        TypeSerializerSnapshot<StepStats> snap =
                StepStatsSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        snap.writeSnapshot(out);
        TypeSerializerSnapshot<StepStats> restored = new StepStatsSerializer.Snapshot();
        restored.readSnapshot(
                snap.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        TypeSerializer<StepStats> serializer = restored.restoreSerializer();
        assertThat(serializer).isEqualTo(StepStatsSerializer.INSTANCE);
        TypeSerializerSchemaCompatibility<StepStats> compat =
                StepStatsSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(restored);
        assertThat(compat.isCompatibleAsIs()).isTrue();
    }

    @Test
    void stepsFromAnEarlierVersionsCheckpointAreMigratedNotRejected() {
        // Before session 4 steps were written by Flink's POJO serializer.
        TypeSerializerSnapshot<StepStats> pojo =
                Types.POJO(StepStats.class, Map.of("requests", Types.LONG))
                        .createSerializer(new SerializerConfigImpl())
                        .snapshotConfiguration();
        assertThat(
                        StepStatsSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(pojo)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    @Test
    void stepsWrittenBeforeRequestSamplesAreReadAndMigrated() throws IOException {
        StepStats s = busyStep();
        DataOutputSerializer out = new DataOutputSerializer(256);
        StepStatsSerializer.WithoutSamples.INSTANCE.serialize(s, out);
        // What a checkpoint of the version before samples holds: version 3, no samples.
        TypeSerializerSnapshot<StepStats> old = new StepStatsSerializer.Snapshot();
        old.readSnapshot(3, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());
        assertThat(
                        StepStatsSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(old)
                                .isCompatibleAfterMigration())
                .isTrue();
        StepStats back =
                old.restoreSerializer()
                        .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.requests).isEqualTo(s.requests);
        assertThat(back.origins).isEqualTo(s.origins);
        assertThat(back.failingSample.isEmpty()).isTrue();
        assertThat(roundTrip(s).failingSample.size()).isEqualTo(2);
    }

    @Test
    void aCorruptHistogramIsAnErrorNotAWrongStep() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        StepStatsSerializer.INSTANCE.serialize(new StepStats(), out);
        byte[] b = out.getCopyOfBuffer();
        // An empty step ends with two histograms (total 8, buckets 2, used 2 bytes each) and the
        // provisional and late flags (1 + 1), the late counts (8 + 8) and the empty origin counts
        // (4) and the two empty request samples (8 + 4 each): the first histogram's bucket count is
        // 62
        // bytes from the end.
        int at = b.length - 62;
        b[at] = 0x7f;
        assertThatThrownBy(
                        () ->
                                StepStatsSerializer.INSTANCE.deserialize(
                                        new DataInputDeserializer(b)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("buckets");
    }

    private static StepStats busyStep() {
        StepStats s = new StepStats("shop.example.com", 1_700_000_000_000L, 10_000);
        s.gateway = "NGINX";
        s.requests = 120;
        s.errors = 7;
        s.status502 = 6;
        s.status504 = 1;
        s.hiddenFailures = 2;
        s.firstError = 1_700_000_000_100L;
        s.lastError = 1_700_000_009_900L;
        s.firstSeen = 1_700_000_000_000L;
        s.lastSeen = 1_700_000_009_999L;
        s.classCounts.put("CONNECT_REFUSED", 7L);
        s.peerErrors.put("10.0.3.11:8080", 7L);
        s.peerRequests.put("10.0.3.11:8080", 60L);
        s.peerRequests.put("10.0.3.12:8080", 60L);
        s.evidence.put("CONNECT_REFUSED|connect() failed (111: Connection refused)", 7L);
        s.sessionSeconds.put("ws", 12L);
        s.examples.put("CONNECT_REFUSED", new java.util.ArrayList<>(List.of("a line ü")));
        s.upstream.record(12);
        s.upstream.record(40);
        s.upstream.record(4_000_000);
        s.failedUpstream.record(0);
        s.provisional = true;
        RequestDimensions post =
                new RequestDimensions(
                        "POST",
                        "/v2/x/{id}",
                        "203.0.113.9",
                        "",
                        "shop",
                        504,
                        "10.0.3.11:8080",
                        60_000);
        s.failingSample.offer(-17, post);
        s.failingSample.offer(-17, post);
        s.requestSample.offer(5, post);
        s.requestSample.offer(
                9, new RequestDimensions("GET", "/", "", "curl/8", "shop", 200, "", -1));
        return s;
    }

    private static int bytes(StepStats s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        StepStatsSerializer.INSTANCE.serialize(s, out);
        return out.length();
    }

    private static StepStats roundTrip(StepStats s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        StepStatsSerializer.INSTANCE.serialize(s, out);
        return StepStatsSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
