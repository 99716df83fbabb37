package io.flashsale.shared;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body before anything reads it, ahead of the security filters and Spring MVC: a
 * {@code Content-Length} above the endpoint's limit is refused {@code 413} at once, a chunked body is cut off with
 * a {@code 413} as soon as it passes the limit, and a {@code multipart/*} or
 * {@code application/x-www-form-urlencoded} body (no endpoint takes one) is refused {@code 415} unread. A form body
 * must not get past here: Spring MVC reads a {@code @RequestBody} of that type through {@code getParameterMap}, for
 * which the container reads the body straight from the connection, around this filter's count (up to its own form
 * limit). Each answer is problem+json.
 */
class RequestBodyLimit extends OncePerRequestFilter {

    static final String OPERATOR_PATHS = "/api/admin/";

    private final long maxBody;
    private final long maxOperatorBody;
    private final ProblemResponses problems;

    RequestBodyLimit(HttpSettings settings, ProblemResponses problems) {
        this.maxBody = settings.maxBody().toBytes();
        this.maxOperatorBody = settings.maxOperatorBody().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = mediaType(request.getContentType());
        if (type.startsWith("multipart/") || type.equals(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
            problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    (type.startsWith("multipart/") ? "Multipart" : "Form") + " bodies are not accepted; send "
                            + MediaType.APPLICATION_JSON_VALUE + ".");
            return;
        }
        long limit = request.getRequestURI().startsWith(OPERATOR_PATHS) ? maxOperatorBody : maxBody;
        long length = request.getContentLengthLong();
        if (length > limit) {
            problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", tooLarge(limit));
            return;
        }
        if (length >= 0) {
            chain.doFilter(request, response); // the container reads no further than the length
            return;
        }
        try {
            chain.doFilter(new Bounded(request, limit), response);
        } catch (TooLarge e) { // read past the limit outside Spring MVC, whose own handler answers it otherwise
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", e.getMessage());
        }
    }

    /** The media type alone, lower-case, as the container reads it: without parameters, blanks trimmed. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    static String tooLarge(long limit) {
        return "The request body is larger than this endpoint takes (" + limit + " bytes).";
    }

    /** Thrown by a bounded body once it passes its limit; {@code ProblemHandling} answers it 413. */
    static final class TooLarge extends IOException {

        TooLarge(long limit) {
            super(tooLarge(limit));
        }
    }

    /** The request, its body readable only up to the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;
        private BufferedReader reader;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new BoundedStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class BoundedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        BoundedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
