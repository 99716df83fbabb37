package io.flashsale.snapup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;

import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TcpProxy;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** This service reaches RabbitMQ through a proxy of the test's own, which the test cuts: never the shared broker. */
@FlashsaleTest
@DirtiesContext
class BrokerOutageTests {

    private static final TcpProxy BROKER = start();

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    StringRedisTemplate redis;

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.port", BROKER::port);
    }

    @AfterAll
    static void stop() throws IOException {
        BROKER.close();
    }

    @Test
    void answersUnavailableAndGivesTheReservationBackWhileTheBrokerIsUnreachable() throws IOException {
        long sale = api.createSale(TestApi.saleRequest(10));
        String buyer = api.buyerToken();
        api.snapUpAccepted(api.buyerToken(), sale); // the broker works
        BROKER.cut();
        try {
            api.snapUp(buyer, sale, 2).expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAVAILABLE");

            assertThat(live.available(sale)).isEqualTo("9");
            api.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.status").isEqualTo("DOWN"); // not ready without the broker…
            api.client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP"); // …but alive: no restart mid-sale
            assertThat(live.buyers(sale)).isEqualTo(1); // only the first buyer
            assertThat(live.undone(sale)).isEqualTo(1); // a late copy creates nothing
        } finally {
            BROKER.restore();
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                api.snapUp(buyer, sale, 2).expectStatus().isAccepted());
        assertThat(live.available(sale)).isEqualTo("7");
    }

    private static TcpProxy start() {
        try {
            return new TcpProxy(5672);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
