package io.gatescope.analyzer.wire;

import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Observation;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes an {@link Observation} field by field: one travels from the correlator to the step
 * aggregator for every request that needed a closer look. Selected by {@code @TypeInfo} on the
 * record.
 */
public final class ObservationSerializer extends ImmutableSerializer<Observation> {

    private static final long serialVersionUID = 1L;

    /** The one instance (the serializer has no state). */
    public static final ObservationSerializer INSTANCE = new ObservationSerializer();

    /** The type information that selects it. */
    public static final SerializerTypeInfo<Observation> TYPE =
            new SerializerTypeInfo<>(Observation.class, INSTANCE);

    private static final Observation.Kind[] KINDS = Observation.Kind.values();
    private static final FailureClass[] FAILURES = FailureClass.values();

    @Override
    public void serialize(Observation o, DataOutputView out) throws IOException {
        writeEnum(o.kind(), out);
        StringValue.writeString(o.service(), out);
        out.writeLong(o.timeMillis());
        StringValue.writeString(o.gateway(), out);
        StringValue.writeString(o.peer(), out);
        out.writeInt(o.status());
        out.writeBoolean(o.gatewayError());
        writeEnum(o.failure(), out);
        out.writeLong(o.upstreamMillis());
        List<String> peers = o.failedPeers();
        out.writeInt(peers == null ? -1 : peers.size());
        if (peers != null) {
            for (String p : peers) {
                StringValue.writeString(p, out);
            }
        }
        out.writeBoolean(o.upgrade());
        out.writeDouble(o.sessionSeconds());
        StringValue.writeString(o.evidence(), out);
        StringValue.writeString(o.example(), out);
        StringValue.writeString(o.origin(), out);
        DimensionsWire.write(o.dims(), out);
        out.writeLong(o.lineHash());
    }

    @Override
    public Observation deserialize(DataInputView in) throws IOException {
        Observation.Kind kind = readEnum(KINDS, in);
        String service = StringValue.readString(in);
        long time = in.readLong();
        String gateway = StringValue.readString(in);
        String peer = StringValue.readString(in);
        int status = in.readInt();
        boolean gatewayError = in.readBoolean();
        FailureClass failure = readEnum(FAILURES, in);
        long upstreamMillis = in.readLong();
        int n = in.readInt();
        List<String> peers = n < 0 ? null : new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            peers.add(StringValue.readString(in));
        }
        return new Observation(
                kind,
                service,
                time,
                gateway,
                peer,
                status,
                gatewayError,
                failure,
                upstreamMillis,
                peers == null ? null : List.copyOf(peers),
                in.readBoolean(),
                in.readDouble(),
                StringValue.readString(in),
                StringValue.readString(in),
                StringValue.readString(in),
                DimensionsWire.read(in),
                in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<Observation> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: it has no configuration, only a version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Observation> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes {@code @TypeInfo} on {@link Observation} select this serializer. */
    public static final class Factory extends TypeInfoFactory<Observation> {
        @Override
        public TypeInformation<Observation> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE;
        }
    }
}
