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
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * After the last unit, a snap-up is refused here, right behind the snap-up lane and before everything else that
 * costs: the token check, Spring MVC and the rate limits. A {@code POST} without an {@code Idempotency-Key} whose JSON body is a
 * well-formed snap-up (read as strictly as Spring MVC would read it) of a promotion variant this instance knows to be
 * sold out is answered {@code 409 SOLD_OUT} — the same answer, headers and body, as the whole path gives — and admits,
 * asks and verifies nothing: a stampede's refusals cost one small JSON read and one map lookup each. Anything else
 * goes on with its body, read once, handed on unchanged. The flag lapses after a second as before ({@code SoldOutFlags}),
 * and the next snap-up then goes the whole way and asks Redis again. A retry with an {@code Idempotency-Key} always
 * goes the whole way: it may be owed the checkout its first press got.
 */
final class SoldOutGate extends OncePerRequestFilter {

    /** What Spring Security's header writer puts on every API answer; a refusal here carries the same. */
    private static final String NO_STORE = "no-cache, no-store, max-age=0, must-revalidate";

    private final SnapUp snapUp;
    private final JsonMapper strictJson;
    private final int maxQuantity;
    private final byte[] soldOut;

    SoldOutGate(SnapUp snapUp, JsonMapper strictJson, SnapUpSettings settings) {
        this.snapUp = snapUp;
        this.strictJson = strictJson;
        this.maxQuantity = settings.maxQuantity();
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Refusal.SOLD_OUT.code(), Refusal.SOLD_OUT.message());
        problem.setInstance(URI.create(SnapUpController.PATH));
        this.soldOut = strictJson.writeValueAsBytes(problem);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod()) || request.getHeader("Idempotency-Key") != null
                || !utf8Json(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        PromotionVariantId id = wellFormed(body);
        if (id != null && snapUp.refusesAsSoldOut(id)) {
            response.setStatus(HttpStatus.CONFLICT.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
            response.setHeader(HttpHeaders.PRAGMA, "no-cache");
            response.setHeader(HttpHeaders.EXPIRES, "0");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentLength(soldOut.length);
            response.getOutputStream().write(soldOut);
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    /** The promotion variant of a body Spring MVC would accept for a snap-up without complaint; null otherwise. */
    private PromotionVariantId wellFormed(byte[] body) {
        SnapUpController.Request request;
        try {
            request = strictJson.readValue(body, SnapUpController.Request.class);
        } catch (JacksonException unreadable) {
            return null; // the whole path answers it, 400 naming the field
        }
        if (request == null || request.promotionVariantId() == null || request.promotionVariantId() <= 0
                || request.quantity() != null && (request.quantity() < 1 || request.quantity() > maxQuantity)) {
            return null;
        }
        return PromotionVariantId.of(request.promotionVariantId());
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

    /** The request with its body, already read, readable again. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
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
                    throw new UnsupportedOperationException("the body is read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }
    }
}
