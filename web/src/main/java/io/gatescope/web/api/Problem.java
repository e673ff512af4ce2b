package io.gatescope.web.api;

import java.util.Map;

/**
 * An error as an RFC 9457 problem document; thrown by handlers and rendered once, by the app's
 * exception mapping.
 */
public class Problem extends RuntimeException {

    private final int status;
    private final String title;

    public Problem(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad Request", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "Not Found", detail);
    }

    public static Problem unauthorized(String detail) {
        return new Problem(401, "Unauthorized", detail);
    }

    public int status() {
        return status;
    }

    /** The JSON body. */
    public Map<String, Object> body(String instance) {
        return Map.of(
                "type",
                "about:blank",
                "title",
                title,
                "status",
                status,
                "detail",
                getMessage() == null ? title : getMessage(),
                "instance",
                instance);
    }
}
