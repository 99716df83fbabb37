package io.flashsale.snapup;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.flashsale.shared.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stops admitting once the instance is shutting down (SIGTERM): a snap-up that arrives after that — on a connection
 * kept alive, before the container stops taking requests — is answered {@code 503 UNAVAILABLE} with
 * {@code Retry-After: 1} and admits nothing, so the load balancer's retry lands on another instance. Snap-ups
 * already past this gate finish: the container's graceful shutdown waits for them, their publish and its confirm
 * included.
 */
class ShutdownGate extends OncePerRequestFilter {

    private final ProblemResponses problems;
    private final AtomicBoolean closing = new AtomicBoolean();

    ShutdownGate(ProblemResponses problems) {
        this.problems = problems;
    }

    /** Called when the context starts closing, before any lifecycle (the web server's included) is stopped. */
    void closing() {
        closing.set(true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (closing.get()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            response.setHeader(HttpHeaders.CONNECTION, "close");
            problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE",
                    "This instance is shutting down; nothing was reserved. Please try again.");
            return;
        }
        chain.doFilter(request, response);
    }
}
