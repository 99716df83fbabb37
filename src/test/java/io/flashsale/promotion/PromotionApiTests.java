package io.flashsale.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

@FlashsaleTest
class PromotionApiTests {

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void listsLiveAndUpcomingSalesButNotEndedOrDisabledOnes() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long live = api.createSale(TestApi.saleRequest(10));
        Map<String, Object> upcoming = TestApi.saleRequest(10);
        upcoming.put("startsAt", now.plus(1, ChronoUnit.HOURS).toString());
        long upcomingId = api.createSale(upcoming);
        Map<String, Object> ended = TestApi.saleRequest(10);
        ended.put("startsAt", now.minus(2, ChronoUnit.HOURS).toString());
        ended.put("endsAt", now.minus(1, ChronoUnit.HOURS).toString());
        api.createSale(ended);
        Map<String, Object> disabled = TestApi.saleRequest(10);
        disabled.put("enabled", false);
        api.createSale(disabled);

        api.client().get().uri("/api/promotion-variants").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[*].id").value(ids -> assertThat(ids).asInstanceOf(InstanceOfAssertFactories.LIST)
                        .containsExactly((int) live, (int) upcomingId));
    }

    @Test
    void showsOneSaleWithTheShoppersFieldsAndLiveAvailability() {
        long id = api.createSale(TestApi.saleRequest(10));
        live.addToAvailable(id, -4);

        Map<String, Object> sale = api.client().get().uri("/api/promotion-variants/{id}", id).exchange()
                .expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
        assertThat(sale.keySet()).containsExactlyInAnyOrder("id", "name", "description", "imageUrl", "price",
                "discountRate", "salePrice", "quantityLimit", "startsAt", "endsAt", "available", "promotionId",
                "promotionName", "currency");
        assertThat(sale).containsEntry("available", 6).containsEntry("currency", "EUR").containsEntry("salePrice", "800.00")
                .containsEntry("price", "1000.00").containsEntry("discountRate", 0.8);
    }

    @Test
    void neverShowsNegativeAvailability() {
        long id = api.createSale(TestApi.saleRequest(10));
        live.setAvailable(id, -3);
        api.client().get().uri("/api/promotion-variants/{id}", id).exchange()
                .expectBody().jsonPath("$.available").isEqualTo(0);
    }

    @Test
    void answersNotFoundForAnUnknownOrDisabledSale() {
        Map<String, Object> disabled = TestApi.saleRequest(10);
        disabled.put("enabled", false);
        long id = api.createSale(disabled);
        api.client().get().uri("/api/promotion-variants/{id}", id).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        api.client().get().uri("/api/promotion-variants/424242").exchange().expectStatus().isNotFound();
    }

    @Test
    void reconciliationRepairsAnUpdateThatNeverReachedRedis() {
        long id = api.createSale(TestApi.saleRequest(10));
        jdbc.update("UPDATE promotion_variant SET stock = 25, version = version + 1 WHERE id = ?", id);

        live.syncAll();

        assertThat(live.available(id)).isEqualTo("25");
    }

    @Test
    void reconciliationLeavesALostLiveStateToTheRecovery() {
        long id = api.createSale(TestApi.saleRequest(10));
        live.lose(id);

        live.syncAll();

        assertThat(live.exists(id)).isFalse();
    }
}
