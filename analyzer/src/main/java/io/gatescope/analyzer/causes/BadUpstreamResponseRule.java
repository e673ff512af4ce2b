package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;

/** The proxy rejects what the upstream sent: headers too big, invalid headers, malformed bodies. */
final class BadUpstreamResponseRule extends DirectSignatureRule {

    BadUpstreamResponseRule() {
        super(
                CauseCode.BAD_UPSTREAM_RESPONSE,
                FailureClass.HEADER_TOO_BIG,
                FailureClass.INVALID_RESPONSE);
    }

    /** An ALB whose target is a Lambda function: the function's return value is the response. */
    private static boolean lambda(IncidentFeatures f) {
        return f.window().evidence.keySet().stream()
                .anyMatch(k -> k.contains("error_reason Lambda"));
    }

    @Override
    public String summary(IncidentFeatures f) {
        if (lambda(f)) {
            return "The load balancer cannot use what the Lambda function behind "
                    + f.window().service
                    + " returns; fix the function's response object or its errors.";
        }
        return f.count(FailureClass.HEADER_TOO_BIG) >= f.count(FailureClass.INVALID_RESPONSE)
                ? "Responses from "
                        + f.mainTarget()
                        + " carry headers larger than the proxy's buffers (often big cookies or tokens); raise the buffer or shrink the headers."
                : "The proxy rejects malformed responses from "
                        + f.mainTarget()
                        + " (invalid or duplicate headers, broken chunking); fix the upstream's response.";
    }

    @Override
    public String proxyStatus(IncidentFeatures f) {
        return f.count(FailureClass.HEADER_TOO_BIG) >= f.count(FailureClass.INVALID_RESPONSE)
                ? "http_response_header_size"
                : "http_protocol_error";
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        if (lambda(f)) {
            String targetGroup = f.window().service;
            return Fixes.forGateway(f.gateway())
                    .any(
                            "Return a response the ALB accepts from the Lambda function",
                            "The function must return a JSON object with statusCode, headers (or multiValueHeaders), body and isBase64Encoded for binary bodies, under 1 MB; a function that throws or times out gives 502 too (LambdaUnhandled, LambdaTimeout). The function's own log shows what it returned.",
                            "aws elbv2 describe-target-health --target-group-arn \"$(aws elbv2 describe-target-groups --names "
                                    + targetGroup
                                    + " --query 'TargetGroups[0].TargetGroupArn' --output text)\"\n"
                                    + "# then, with the function it names: aws logs tail /aws/lambda/FUNCTION --since 1h")
                    .build();
        }
        return Fixes.forGateway(f.gateway())
                .nginx(
                        "Give response headers room",
                        "proxy_buffer_size holds the whole response header (4k/8k by default); Set-Cookie and JWT headers outgrow it.",
                        "proxy_buffer_size 32k;\nproxy_buffers 8 32k;\nproxy_busy_buffers_size 64k;")
                .alb(
                        "Keep response headers under the ALB's limits",
                        "ALB rejects target responses with headers over 32 KB or malformed; Lambda targets must return a valid response object under 1 MB.",
                        "curl -s -D - -o /dev/null http://" + f.mainTarget() + "/ | wc -c")
                .haproxy(
                        "Raise the buffer or find the invalid header",
                        "PH means HAProxy rejected the response; `show errors` on the runtime API shows the offending bytes.",
                        "global\n    tune.bufsize 32768\n# echo 'show errors' | socat stdio /run/haproxy/admin.sock")
                .any(
                        "Look at the raw response headers",
                        "Check size and syntax of what the upstream sends.",
                        "curl -s -D - -o /dev/null http://"
                                + f.mainTarget()
                                + "/ | tee /dev/stderr | wc -c")
                .build();
    }
}
