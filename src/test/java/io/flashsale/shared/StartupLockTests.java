package io.flashsale.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.flashsale.support.FlashsaleTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Start-up seeding on several instances at once runs one at a time, through a lock held in the database. */
@FlashsaleTest
class StartupLockTests {

    @Autowired
    StartupLock startup;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void holdersOnSeveralConnectionsRunOneAtATime() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService instances = Executors.newFixedThreadPool(4)) {
            List<Future<?>> runs = IntStream.range(0, 4).<Future<?>>mapToObj(i -> instances.submit(() -> {
                start.await();
                startup.exclusively("lock-test", () -> {
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    sleep(150);
                    inside.decrementAndGet();
                    ran.incrementAndGet();
                });
                return null;
            })).toList();
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        }
        assertThat(ran).hasValue(4);
        assertThat(mostInside).as("holders inside the lock at the same time").hasValue(1);
    }

    @Test
    void theLockIsHeldWhileTheWorkRunsAndReleasedWhenItFails() {
        String held = "SELECT IS_USED_LOCK('flashsale:lock-test-failure') IS NOT NULL";
        assertThatThrownBy(() -> startup.exclusively("lock-test-failure", () -> {
            assertThat(jdbc.queryForObject(held, Boolean.class)).as("held while the work runs").isTrue();
            throw new IllegalStateException("seeding failed");
        })).hasMessage("seeding failed");
        assertThat(jdbc.queryForObject(held, Boolean.class)).as("held after the work failed").isFalse();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
