package io.flashsale.shared;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** What every request meets before the security filters: the bound on its body. */
@Configuration(proxyBeanMethods = false)
class HttpEdge {

    /** Before Spring Security's filters (-100) and anything else that might read the body. */
    static final int BODY_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(HttpSettings settings, ProblemResponses problems) {
        FilterRegistrationBean<RequestBodyLimit> registration =
                new FilterRegistrationBean<>(new RequestBodyLimit(settings, problems));
        registration.setOrder(BODY_LIMIT_ORDER);
        return registration;
    }
}
