package io.gatescope.analyzer.wire;

import io.gatescope.analyzer.model.LatencyHistogram;
import io.gatescope.analyzer.model.StepStats;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link StepStats} field by field, its latency histograms as their non-empty buckets
 * only. Flink's POJO serializer wrote both histograms' 464 buckets for every step and sent the maps
 * through Kryo; its compiled form was among the largest compilations of a run. Selected for every
 * use of the type by {@code @TypeInfo} on {@link StepStats}.
 */
public class StepStatsSerializer extends TypeSerializerSingleton<StepStats> {

    private static final long serialVersionUID = 1L;

    /** The one instance (the serializer has no state). */
    public static final StepStatsSerializer INSTANCE = new StepStatsSerializer(true);

    /** Whether steps carry their request samples (all but {@link WithoutSamples}). */
    private final boolean samples;

    StepStatsSerializer(boolean samples) {
        this.samples = samples;
    }

    /** The type information that selects it. */
    public static final SerializerTypeInfo<StepStats> TYPE =
            new SerializerTypeInfo<>(StepStats.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public StepStats createInstance() {
        return new StepStats();
    }

    @Override
    public StepStats copy(StepStats from) {
        // Copies are rare (state snapshots of mutable values): a round trip is exact by design.
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy a step", e);
        }
    }

    @Override
    public StepStats copy(StepStats from, StepStats reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    /**
     * Encodes into a local buffer and hands it over in one write: the views Flink passes differ by
     * path (network buffers, the collect sink's stream wrapper), and C2 compiled this method with
     * every one of them inlined into each of the many field writes, one of the costliest
     * compilations of an {@code analyze} run.
     */
    @Override
    public void serialize(StepStats s, DataOutputView out) throws IOException {
        DataOutputSerializer buf = new DataOutputSerializer(512);
        write(s, buf, samples);
        out.write(buf.getSharedBuffer(), 0, buf.length());
    }

    private static void write(StepStats s, DataOutputSerializer out, boolean samples)
            throws IOException {
        StringValue.writeString(s.service, out);
        StringValue.writeString(s.gateway, out);
        out.writeLong(s.stepStart);
        out.writeLong(s.stepMillis);
        out.writeLong(s.requests);
        out.writeLong(s.errors);
        out.writeLong(s.errorLines);
        out.writeLong(s.firstLine);
        out.writeLong(s.lastLine);
        out.writeLong(s.status502);
        out.writeLong(s.status503);
        out.writeLong(s.status504);
        out.writeLong(s.otherServerErrors);
        out.writeLong(s.hiddenFailures);
        out.writeLong(s.upgrades);
        out.writeLong(s.upgradeFailures);
        out.writeLong(s.firstError);
        out.writeLong(s.lastError);
        out.writeLong(s.firstSeen);
        out.writeLong(s.lastSeen);
        writeCounts(s.classCounts, out);
        writeCounts(s.peerErrors, out);
        writeCounts(s.peerRequests, out);
        writeCounts(s.evidence, out);
        writeCounts(s.sessionSeconds, out);
        out.writeInt(s.examples.size());
        for (Map.Entry<String, List<String>> e : s.examples.entrySet()) {
            StringValue.writeString(e.getKey(), out);
            out.writeInt(e.getValue().size());
            for (String line : e.getValue()) {
                StringValue.writeString(line, out);
            }
        }
        writeHistogram(s.upstream, out);
        writeHistogram(s.failedUpstream, out);
        out.writeBoolean(s.provisional);
        out.writeBoolean(s.late);
        out.writeLong(s.lateLines);
        out.writeLong(s.lateErrorLines);
        writeCounts(s.origins, out);
        if (samples) {
            DimensionsWire.writeSample(s.failingSample, out);
            DimensionsWire.writeSample(s.requestSample, out);
        }
    }

    @Override
    public StepStats deserialize(DataInputView in) throws IOException {
        return read(in, samples);
    }

    private static StepStats read(DataInputView in, boolean samples) throws IOException {
        StepStats s = new StepStats();
        s.service = StringValue.readString(in);
        s.gateway = StringValue.readString(in);
        s.stepStart = in.readLong();
        s.stepMillis = in.readLong();
        s.requests = in.readLong();
        s.errors = in.readLong();
        s.errorLines = in.readLong();
        s.firstLine = in.readLong();
        s.lastLine = in.readLong();
        s.status502 = in.readLong();
        s.status503 = in.readLong();
        s.status504 = in.readLong();
        s.otherServerErrors = in.readLong();
        s.hiddenFailures = in.readLong();
        s.upgrades = in.readLong();
        s.upgradeFailures = in.readLong();
        s.firstError = in.readLong();
        s.lastError = in.readLong();
        s.firstSeen = in.readLong();
        s.lastSeen = in.readLong();
        s.classCounts = readCounts(in);
        s.peerErrors = readCounts(in);
        s.peerRequests = readCounts(in);
        s.evidence = readCounts(in);
        s.sessionSeconds = readCounts(in);
        int n = in.readInt();
        s.examples = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String key = StringValue.readString(in);
            int m = in.readInt();
            List<String> lines = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                lines.add(StringValue.readString(in));
            }
            s.examples.put(key, lines);
        }
        s.upstream = readHistogram(in);
        s.failedUpstream = readHistogram(in);
        s.provisional = in.readBoolean();
        s.late = in.readBoolean();
        s.lateLines = in.readLong();
        s.lateErrorLines = in.readLong();
        s.origins = readCounts(in);
        if (samples) {
            s.failingSample = DimensionsWire.readSample(in);
            s.requestSample = DimensionsWire.readSample(in);
        }
        return s;
    }

    @Override
    public StepStats deserialize(StepStats reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<StepStats> snapshotConfiguration() {
        return new Snapshot(samples ? Snapshot.CURRENT : Snapshot.WITHOUT_SAMPLES);
    }

    private static void writeCounts(Map<String, Long> map, DataOutputSerializer out)
            throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, Long> e : map.entrySet()) {
            StringValue.writeString(e.getKey(), out);
            out.writeLong(e.getValue());
        }
    }

    private static Map<String, Long> readCounts(DataInputView in) throws IOException {
        int n = in.readInt();
        Map<String, Long> map = new HashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            map.put(StringValue.readString(in), in.readLong());
        }
        return map;
    }

    private static void writeHistogram(LatencyHistogram h, DataOutputSerializer out)
            throws IOException {
        long[] pairs = h.usedBuckets();
        out.writeLong(h.total);
        out.writeShort(h.counts.length);
        out.writeShort(pairs.length / 2);
        for (int k = 0; k < pairs.length; k += 2) {
            out.writeShort((int) pairs[k]);
            out.writeLong(pairs[k + 1]);
        }
    }

    private static LatencyHistogram readHistogram(DataInputView in) throws IOException {
        LatencyHistogram h = new LatencyHistogram();
        h.total = in.readLong();
        int buckets = in.readUnsignedShort();
        if (buckets != h.counts.length) {
            throw new IOException(
                    "histogram has " + buckets + " buckets, expected " + h.counts.length);
        }
        int used = in.readUnsignedShort();
        for (int k = 0; k < used; k++) {
            int i = in.readUnsignedShort();
            if (i >= buckets) {
                throw new IOException("corrupt histogram bucket " + i);
            }
            h.counts[i] = in.readLong();
        }
        return h;
    }

    /**
     * The serializer's snapshot: no configuration, only a version. Versions up to {@link
     * #WITHOUT_SAMPLES} were written before steps carried request samples: Flink reads such state
     * with {@link WithoutSamples} and writes it anew with this serializer (empty samples), as it
     * does with the POJO serializer's steps of still earlier versions, so an upgrade resumes from
     * its last checkpoint instead of failing to restore.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<StepStats> {
        static final int WITHOUT_SAMPLES = 3;
        static final int CURRENT = 4;

        private int version;

        public Snapshot() {
            this(CURRENT);
        }

        Snapshot(int version) {
            this.version = version;
        }

        @Override
        public int getCurrentVersion() {
            return CURRENT;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {
            // the version is all there is
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader) {
            version = readVersion;
        }

        @Override
        public TypeSerializer<StepStats> restoreSerializer() {
            return version > WITHOUT_SAMPLES ? INSTANCE : WithoutSamples.INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<StepStats> resolveSchemaCompatibility(
                TypeSerializerSnapshot<StepStats> old) {
            if (old instanceof PojoSerializerSnapshot
                    || (old instanceof Snapshot s && s.version <= WITHOUT_SAMPLES)) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
    }

    /** Reads (and writes) steps in the format of before request samples. */
    public static final class WithoutSamples extends StepStatsSerializer {
        private static final long serialVersionUID = 1L;
        static final WithoutSamples INSTANCE = new WithoutSamples();

        private WithoutSamples() {
            super(false);
        }
    }

    /** Makes {@code @TypeInfo} on {@link StepStats} select this serializer. */
    public static final class Factory extends TypeInfoFactory<StepStats> {
        @Override
        public TypeInformation<StepStats> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE;
        }
    }
}
