package io.flashsale.shared;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error answer — for what the container refuses before any servlet runs, such as a request header
 * larger than {@code server.max-http-request-header-size} — as problem+json with a {@code code}, in place of
 * Tomcat's HTML page. Never a stack trace or server version. Failures inside the application are answered by
 * {@link ProblemHandling} and {@link ProblemErrorController} and never reach this.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json(HttpStatusCode.valueOf(status)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response can't take a body: nothing more to say
        }
    }

    /** The same fields as {@link Problems#of}; every value is ours, so nothing needs escaping. */
    static String json(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = status.is5xxServerError() ? "Something went wrong on our side."
                : "The server refused the request as it was sent (for example, a header too large).";
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\",\"code\":\"" + Problems.codeFor(status) + "\"}";
    }
}
