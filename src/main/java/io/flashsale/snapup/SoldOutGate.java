package io.flashsale.snapup;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.flashsale.shared.Problems;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * After the last unit, a snap-up is refused here: behind the snap-up lane and Spring Security's filters (so the
 * firewall and the token come first, and a caller without a token never has its body read), before Spring MVC, the
 * body's validation, the waiting room and the rate limits. A {@code POST} without an {@code Idempotency-Key} whose
 * JSON body is a well-formed snap-up (read as strictly as Spring MVC would read it) of a promotion variant this
 * instance knows to be sold out is answered {@code 409 SOLD_OUT} — the whole path's answer, its body made once — and
 * admits and asks nothing: a stampede's refusals cost a small JSON read and one map lookup beyond the token check.
 * Anything else goes on with its body, read once, handed on unchanged (a read that failed fails again where Spring
 * MVC reads it, and is answered as before). The flag lapses after a second as before ({@code SoldOutFlags}), and the
 * next snap-up then goes the whole way and asks Redis again. A retry with an {@code Idempotency-Key} always goes
 * the whole way: it may be owed the checkout its first press got.
 */
final class SoldOutGate extends OncePerRequestFilter {

    private final SnapUp snapUp;
    private final JsonMapper strictJson;
    private final byte[] soldOut;
    private final Counter answered;

    SoldOutGate(SnapUp snapUp, JsonMapper strictJson, MeterRegistry meters) {
        this.snapUp = snapUp;
        this.answered = Counter.builder("flashsale.snapup.gate.refusals")
                .description("Sold-out refusals answered before Spring MVC (also counted in flashsale.snapup.refused)")
                .register(meters);
        this.strictJson = strictJson;
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Refusal.SOLD_OUT.code(), Refusal.SOLD_OUT.message());
        problem.setInstance(URI.create(SnapUpController.PATH));
        this.soldOut = strictJson.writeValueAsBytes(problem);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod()) || !SnapUpController.PATH.equals(request.getRequestURI())
                || request.getHeader("Idempotency-Key") != null || !utf8Json(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException unread) { // too large, a timeout, a cut connection: Spring MVC meets it as it would have
            chain.doFilter(new ReadBody(request, null, unread), response);
            return;
        }
        SnapUpController.Request snap = wellFormed(body);
        if (snap != null && snapUp.refusesAsSoldOut(PromotionVariantId.of(snap.promotionVariantId()),
                snap.quantity() == null ? 1 : snap.quantity())) {
            ServerHttpObservationFilter.findObservationContext(request)
                    .ifPresent(observed -> observed.setPathPattern(SnapUpController.PATH)); // as Spring MVC tags it
            answered.increment(); // before the answer: once its last byte is written the client may have it
            response.setStatus(HttpStatus.CONFLICT.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setContentLength(soldOut.length);
            response.getOutputStream().write(soldOut);
            return;
        }
        chain.doFilter(new ReadBody(request, body, null), response);
    }

    /** A body Spring MVC would read and validate without complaint; null otherwise (it answers that one itself). */
    private SnapUpController.Request wellFormed(byte[] body) {
        SnapUpController.Request request;
        try {
            request = strictJson.readValue(body, SnapUpController.Request.class);
        } catch (JacksonException unreadable) {
            return null;
        }
        return request == null || request.promotionVariantId() == null || request.promotionVariantId() <= 0
                || request.quantity() != null && request.quantity() < 1 ? null : request;
    }

    /** A JSON body in UTF-8 (JSON's own encoding): the only kind this gate reads. */
    private static boolean utf8Json(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return false;
        }
        MediaType media;
        try {
            media = MediaType.parseMediaType(type);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        Charset charset = media.getCharset();
        return (MediaType.APPLICATION_JSON.equalsTypeAndSubtype(media)
                || "application".equals(media.getType()) && media.getSubtype().endsWith("+json"))
                && (charset == null || StandardCharsets.UTF_8.equals(charset));
    }

    /** The request with its body, already read (or the failure reading it), readable once more. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final ServletInputStream stream;
        private BufferedReader reader;

        ReadBody(HttpServletRequest request, byte[] body, IOException unread) {
            super(request);
            this.stream = unread != null ? new Failed(unread) : new Bytes(body);
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            if (reader == null) {
                reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            }
            return reader;
        }
    }

    private static final class Bytes extends ServletInputStream {

        private final ByteArrayInputStream in;

        Bytes(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            try {
                if (!isFinished()) {
                    listener.onDataAvailable();
                }
                listener.onAllDataRead();
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }

    /** A body whose reading failed: every read fails as the first did. */
    private static final class Failed extends ServletInputStream {

        private final IOException failure;

        Failed(IOException failure) {
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            throw failure;
        }

        @Override
        public boolean isFinished() {
            return false;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            listener.onError(failure);
        }
    }
}
