package io.gatescope.analyzer.wire;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's serializer contract for an {@link ImmutableSerializer}: variable length, and no empty
 * instance from {@code createInstance} (records have none).
 */
abstract class ImmutableSerializerContract<T> extends SerializerTestBase<T> {

    @Override
    protected final int getLength() {
        return -1;
    }

    @Override
    protected final boolean allowNullInstances(TypeSerializer<T> serializer) {
        return true;
    }
}
