package io.flashsale.snapup;

import io.flashsale.shared.ProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the {@link SnapUpLane} in front of the snap-up endpoint, and only there. */
@Configuration(proxyBeanMethods = false)
class SnapUpLaneRegistration {

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
}
