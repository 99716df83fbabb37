package io.flashsale.snapup;

import io.flashsale.shared.ProblemResponses;
import io.flashsale.shared.SnapUpCapacity;
import io.flashsale.shared.StrictJsonBodies;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts the {@link ShutdownGate}, the {@link SnapUpLane} and the {@link SoldOutGate} in front of the snap-up endpoint,
 * and only there. They are registered here, not as filter beans of their own, so that web slices of the tests don't
 * pick them up.
 */
@Configuration(proxyBeanMethods = false)
class SnapUpLaneRegistration {

    private final ShutdownGate gate;

    SnapUpLaneRegistration(ProblemResponses problems) {
        this.gate = new ShutdownGate(problems);
    }

    /** The context starts closing (SIGTERM): no snap-up is admitted from now on. */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        gate.closing();
    }

    @Bean
    FilterRegistrationBean<ShutdownGate> shutdownGate() {
        FilterRegistrationBean<ShutdownGate> registration = new FilterRegistrationBean<>(gate);
        registration.addUrlPatterns(SnapUpController.PATH);
        registration.setOrder(ORDER - 1);
        return registration;
    }

    /** After the body limit (highest + 10), before Spring Security's filters (-100): a shed costs no token check. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    @Bean
    FilterRegistrationBean<SnapUpLane> snapUpLane(SnapUpLaneSettings settings, ProblemResponses problems,
            MeterRegistry meters) {
        FilterRegistrationBean<SnapUpLane> registration =
                new FilterRegistrationBean<>(new SnapUpLane(settings, problems, meters));
        registration.addUrlPatterns(SnapUpController.PATH);
        registration.setOrder(ORDER);
        return registration;
    }

    /**
     * Spring Boot registers Spring Security's filter chain at -100. The sold-out gate comes right after it: the token
     * is checked (and the firewall passed) first, so a caller without one is answered 401 before its body is read
     * and can't hold a lane place with a body that comes slowly; a verified token is remembered, so a refusal there
     * still skips Spring MVC, validation and the exception resolution.
     */
    static final int AFTER_SECURITY = -99;

    @Bean
    FilterRegistrationBean<SoldOutGate> soldOutGate(SnapUp snapUp, JsonMapper json, MeterRegistry meters) {
        FilterRegistrationBean<SoldOutGate> registration =
                new FilterRegistrationBean<>(new SoldOutGate(snapUp, StrictJsonBodies.strict(json), meters));
        registration.addUrlPatterns(SnapUpController.PATH);
        registration.setOrder(AFTER_SECURITY);
        return registration;
    }

    /** What the lane says this instance can take a second (a waiting room may follow it). */
    @Bean
    SnapUpCapacity snapUpCapacity(FilterRegistrationBean<SnapUpLane> snapUpLane) {
        return snapUpLane.getFilter();
    }
}
