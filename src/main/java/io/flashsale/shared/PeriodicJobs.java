package io.flashsale.shared;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The periodic jobs' own threads ({@code spring.task.scheduling.*}). Boot makes no scheduler of this name when another
 * {@code TaskScheduler} exists, and the STOMP broker's is one: without this bean every periodic job would run on the
 * broker's scheduler, and a slow job (the reconciler reads a whole live sale) would hold up the heart-beats of every
 * session.
 */
@Configuration(proxyBeanMethods = false)
class PeriodicJobs {

    @Bean
    ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder) {
        return builder.build();
    }
}
