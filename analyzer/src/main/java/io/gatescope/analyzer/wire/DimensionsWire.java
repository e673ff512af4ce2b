package io.gatescope.analyzer.wire;

import io.gatescope.analyzer.dimensions.DimensionSample;
import io.gatescope.analyzer.dimensions.RequestDimensions;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a request's {@link RequestDimensions} and a {@link DimensionSample}, for the serializers.
 */
final class DimensionsWire {

    private DimensionsWire() {}

    static void write(RequestDimensions d, DataOutputView out) throws IOException {
        out.writeBoolean(d != null);
        if (d == null) {
            return;
        }
        StringValue.writeString(d.method(), out);
        StringValue.writeString(d.path(), out);
        StringValue.writeString(d.client(), out);
        StringValue.writeString(d.userAgent(), out);
        StringValue.writeString(d.host(), out);
        out.writeInt(d.status());
        StringValue.writeString(d.peer(), out);
        out.writeLong(d.upstreamBand());
    }

    static RequestDimensions read(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new RequestDimensions(
                StringValue.readString(in),
                StringValue.readString(in),
                StringValue.readString(in),
                StringValue.readString(in),
                StringValue.readString(in),
                in.readInt(),
                StringValue.readString(in),
                in.readLong());
    }

    static void writeSample(DimensionSample s, DataOutputView out) throws IOException {
        out.writeLong(s.ceiling());
        out.writeInt(s.slots().size());
        for (var e : s.slots().entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue().count);
            write(e.getValue().dims, out);
        }
    }

    static DimensionSample readSample(DataInputView in) throws IOException {
        DimensionSample s = new DimensionSample(in.readLong());
        int n = in.readInt();
        if (n < 0 || n > DimensionSample.K) {
            throw new IOException("corrupt request sample of " + n);
        }
        for (int i = 0; i < n; i++) {
            long hash = in.readLong();
            long count = in.readLong();
            s.restore(hash, read(in), count);
        }
        return s;
    }
}
