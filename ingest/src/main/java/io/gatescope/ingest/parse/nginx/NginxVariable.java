package io.gatescope.ingest.parse.nginx;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The nginx variables gatescope understands, with the short names that popular {@code log_format}
 * styles use for them ({@code rt=}, {@code uct=}, {@code ua=}...). Any other variable is an opaque
 * field: matched, then ignored.
 */
public enum NginxVariable {
    REMOTE_ADDR("remote_addr", "client", "client_ip", "ip"),
    REMOTE_USER("remote_user"),
    TIME_LOCAL("time_local"),
    TIME_ISO8601("time_iso8601", "time", "timestamp", "@timestamp"),
    MSEC("msec"),
    REQUEST("request"),
    REQUEST_METHOD("request_method", "method"),
    REQUEST_URI("request_uri"),
    URI("uri", "path"),
    ARGS("args", "query_string"),
    SERVER_PROTOCOL("server_protocol", "protocol"),
    STATUS("status"),
    BODY_BYTES_SENT("body_bytes_sent"),
    BYTES_SENT("bytes_sent"),
    REQUEST_TIME("request_time", "rt", "duration"),
    HTTP_REFERER("http_referer", "referer", "referrer"),
    HTTP_USER_AGENT("http_user_agent", "user_agent"),
    HTTP_UPGRADE("http_upgrade", "upgrade"),
    HOST("host", "http_host", "vhost"),
    SERVER_NAME("server_name", "sn"),
    CONNECTION("connection", "conn", "cn", "connection_id"),
    REQUEST_ID("request_id", "req_id", "rid"),
    UPSTREAM_ADDR("upstream_addr", "ua", "upstream", "upstream_address", "upstream_addr_list"),
    UPSTREAM_STATUS("upstream_status", "us", "ups", "upstream_status_list"),
    UPSTREAM_CONNECT_TIME("upstream_connect_time", "uct"),
    UPSTREAM_HEADER_TIME("upstream_header_time", "uht"),
    UPSTREAM_RESPONSE_TIME("upstream_response_time", "urt", "ut", "upstream_time"),
    UPSTREAM_RESPONSE_LENGTH("upstream_response_length", "ul", "url"),
    PROXY_UPSTREAM_NAME("proxy_upstream_name", "upstream_name", "ups_name"),
    /** A variable gatescope does not use: matched and skipped. */
    OPAQUE("");

    private static final Map<String, NginxVariable> BY_NAME = new HashMap<>();

    static {
        for (NginxVariable v : values()) {
            if (v == OPAQUE) {
                continue;
            }
            for (String n : v.names) {
                BY_NAME.put(n, v);
            }
        }
    }

    private final String[] names;

    NginxVariable(String... names) {
        this.names = names;
    }

    /** The nginx name, without {@code $}. */
    public String nginxName() {
        return names[0];
    }

    /**
     * The width nginx writes this variable's value in, nearly always: {@code $status} and a single
     * {@code $upstream_status} have three digits, durations are seconds to the millisecond ({@code
     * 0.045}: five bytes below ten seconds), {@code $time_local} and {@code $time_iso8601} are
     * fixed, {@code $msec} is seconds with milliseconds. 0: no usual width.
     */
    int usualWidth() {
        return switch (this) {
            case STATUS, UPSTREAM_STATUS -> 3;
            case REQUEST_TIME,
                    UPSTREAM_CONNECT_TIME,
                    UPSTREAM_HEADER_TIME,
                    UPSTREAM_RESPONSE_TIME ->
                    5;
            case TIME_LOCAL -> 26;
            case TIME_ISO8601 -> 25;
            case MSEC -> 14;
            default -> 0;
        };
    }

    /** By nginx variable name ({@code $} optional), or {@link #OPAQUE}. */
    public static NginxVariable byVariableName(String name) {
        String n = name.startsWith("$") ? name.substring(1) : name;
        NginxVariable v = BY_NAME.get(n.toLowerCase(Locale.ROOT));
        return v != null && v.nginxName().equals(n.toLowerCase(Locale.ROOT))
                ? v
                : aliasOrOpaque(n, true);
    }

    /** By nginx name or one of the short aliases used in key=value styles and JSON keys. */
    public static NginxVariable byAlias(String name) {
        NginxVariable exact = BY_NAME.get(name); // the common case: already lower case, no '$'
        return exact != null
                ? exact
                : aliasOrOpaque(name.startsWith("$") ? name.substring(1) : name, false);
    }

    private static NginxVariable aliasOrOpaque(String n, boolean exactOnly) {
        String lower = n.toLowerCase(Locale.ROOT);
        if (exactOnly) {
            // In a log_format only real variable names count; $http_host is the Host header.
            return "http_host".equals(lower) ? HOST : OPAQUE;
        }
        return BY_NAME.getOrDefault(lower, OPAQUE);
    }
}
