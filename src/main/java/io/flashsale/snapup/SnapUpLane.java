package io.flashsale.snapup;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.LifoBlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.flashsale.shared.ProblemResponses;
import io.flashsale.shared.SnapUpCapacity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The snap-up lane: this instance works on at most as many snap-ups at once as an adaptive concurrency limit
 * (Netflix's concurrency-limits, Gradient2 by default) allows, and answers the excess at once with
 * {@code 429 RATE_LIMITED} and {@code Retry-After}: never after seconds in a queue. Not 503: Tomcat closes the
 * connection after every 503 (and 400, 500 …), so under a stampede each shed snap-up would cost its client a new
 * TCP connection and the server an accept, which is what a shed must not cost. It runs before the security
 * filters, so a shed snap-up costs no token check either. The limit follows the snap-ups' own latency: when it
 * grows (Redis, the broker's confirms or the cores are saturated), fewer are let in; a snap-up answered 503 (the
 * broker did not confirm) counts as dropped, which lowers the limit at once.
 *
 * <p>Everything that is not a new snap-up (confirm, pay, cancel, status reads, the operator API, health) never
 * passes here: with snap-ups bounded, the rest of the service always has the cores, connections and broker
 * channels the stampede would otherwise take.
 */
final class SnapUpLane extends OncePerRequestFilter implements SnapUpCapacity {

    /** Until a snap-up is measured, its latency is taken to be this (a cautious guess, not a measurement). */
    static final double ASSUMED_LATENCY_SECONDS = 0.010;
    /** A latency below this counts as this, so a few very fast answers can't promise the moon. */
    static final double LEAST_LATENCY_SECONDS = 0.001;
    /** The weight of the newest answer in the latency's moving average. */
    private static final double WEIGHT = 0.05;

    private final Limiter<Void> limiter;
    private final SimpleLimiter<Void> simple;
    private volatile double latencySeconds = ASSUMED_LATENCY_SECONDS;
    private final ProblemResponses problems;
    private final String retryAfter;
    private final Counter shed;

    SnapUpLane(SnapUpLaneSettings settings, ProblemResponses problems, MeterRegistry meters) {
        SimpleLimiter<Void> simple = SimpleLimiter.newBuilder().named("snap-up").limit(limit(settings)).build();
        this.limiter = settings.maxWait().isZero() ? simple : LifoBlockingLimiter.newBuilder(simple)
                .backlogSize(settings.backlog())
                .backlogTimeout(settings.maxWait().toMillis(), TimeUnit.MILLISECONDS)
                .build();
        this.simple = simple;
        this.problems = problems;
        this.retryAfter = Long.toString(settings.retryAfter().toSeconds());
        this.shed = meters.counter("flashsale.snapup.shed");
        Gauge.builder("flashsale.snapup.lane.limit", simple, SimpleLimiter::getLimit).register(meters);
        Gauge.builder("flashsale.snapup.lane.inflight", simple, SimpleLimiter::getInflight).register(meters);
        Gauge.builder("flashsale.snapup.lane.capacity", this, SnapUpLane::perSecond).register(meters);
    }

    static Limit limit(SnapUpLaneSettings settings) {
        return switch (settings.algorithm()) {
            case GRADIENT2 -> Gradient2Limit.newBuilder()
                    .initialLimit(settings.initialLimit())
                    .minLimit(settings.minLimit())
                    .maxConcurrency(settings.maxLimit())
                    .build();
            case VEGAS -> VegasLimit.newBuilder()
                    .initialLimit(settings.initialLimit())
                    .maxConcurrency(settings.maxLimit())
                    .build();
            case FIXED -> FixedLimit.of(settings.initialLimit());
        };
    }

    /** Only a new snap-up takes a place in the lane; the path is the registration's. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Limiter.Listener> admitted = limiter.acquire(null);
        if (admitted.isEmpty()) {
            shed.increment();
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
            problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
                    "Too many snap-ups at once; nothing was reserved. Please try again after Retry-After.");
            return;
        }
        Limiter.Listener listener = admitted.get();
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            listener.onIgnore();
            throw e;
        }
        if (response.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            listener.onDropped();
        } else {
            listener.onSuccess();
            answered((System.nanoTime() - started) / 1e9);
        }
    }

    /** Folds one answered snap-up's latency into the moving average (a lost update under contention is harmless). */
    void answered(double seconds) {
        latencySeconds += WEIGHT * (seconds - latencySeconds);
    }

    /** The lane's limit over the snap-ups' average latency: how many it can answer a second at that latency. */
    @Override
    public double perSecond() {
        return simple.getLimit() / Math.max(LEAST_LATENCY_SECONDS, latencySeconds);
    }
}
