/**
 * How the analyzer's records travel between Flink tasks and into state: serializers written field
 * by field for the types that cross the network often, so that Flink neither reflects over them
 * (its POJO serializer) nor falls back to Kryo.
 */
package io.gatescope.analyzer.wire;
