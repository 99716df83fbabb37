package io.flashsale.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.flashsale.support.FlashsaleTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The periodic jobs run on threads of their own, not on the STOMP broker's scheduler, whose threads send every
 * session's heart-beats: a job that takes a while must not silence the sessions.
 */
@FlashsaleTest
@Import(PeriodicJobsTests.ThreadRecorder.class)
@DirtiesContext // a context of its own, closed after the class
class PeriodicJobsTests {

    @Autowired
    ThreadRecorder recorder;

    @Test
    void periodicJobsRunOnTheJobSchedulerNotOnTheBrokersHeartBeatThreads() throws Exception {
        String thread = recorder.thread.get(10, TimeUnit.SECONDS);
        assertThat(thread).startsWith("jobs-").doesNotContain("MessageBroker");
    }

    /** A periodic job registered like the service's own, which notes the thread it first runs on. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ThreadRecorder implements SchedulingConfigurer {

        final CompletableFuture<String> thread = new CompletableFuture<>();

        @Override
        public void configureTasks(ScheduledTaskRegistrar tasks) {
            tasks.addFixedDelayTask(() -> thread.complete(Thread.currentThread().getName()), Duration.ofMillis(100));
        }
    }
}
