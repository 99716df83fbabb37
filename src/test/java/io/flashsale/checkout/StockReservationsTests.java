package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The scripts' invariants between an undo (no broker confirm) and the worker, on the real Redis. */
@FlashsaleTest
class StockReservationsTests {

    @Autowired
    TestApi api;

    @Autowired
    StockReservations reservations;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void anUndoLeavesACheckoutTheWorkerHasClaimed() {
        long sale = api.createSale(TestApi.saleRequest(10));
        CheckoutReserved checkout = admit(sale, 2);

        assertThat(reservations.claim(sale, List.of(checkout.checkoutId()))).isEmpty();

        assertThat(reservations.undo(checkout)).isEqualTo(StockReservations.Undo.CLAIMED);
        assertThat(available(sale)).isEqualTo("8");
        assertThat(redis.opsForSet().isMember("{pv:" + sale + "}:undone", checkout.checkoutId().toString())).isFalse();
    }

    @Test
    void aClaimSkipsACheckoutAlreadyUndone() {
        long sale = api.createSale(TestApi.saleRequest(10));
        CheckoutReserved checkout = admit(sale, 2);

        assertThat(reservations.undo(checkout)).isEqualTo(StockReservations.Undo.UNDONE);
        assertThat(available(sale)).isEqualTo("10");
        assertThat(reservations.undo(checkout)).isEqualTo(StockReservations.Undo.GONE); // exactly once

        assertThat(reservations.claim(sale, List.of(checkout.checkoutId()))).containsExactly(checkout.checkoutId());
    }

    @Test
    void givesTheUnitsOfAnUnwrittenCheckoutBackOnceEvenIfClaimed() {
        long sale = api.createSale(TestApi.saleRequest(10));
        CheckoutReserved checkout = admit(sale, 2); // the sale's limit per buyer
        reservations.claim(sale, List.of(checkout.checkoutId()));

        assertThat(reservations.releaseUnwritten(checkout)).isTrue();
        assertThat(reservations.releaseUnwritten(checkout)).isFalse();
        assertThat(available(sale)).isEqualTo("10");
        assertThat(redis.opsForHash().get("{pv:" + sale + "}:bought", "77")).isNull();
    }

    private CheckoutReserved admit(long sale, int quantity) {
        UUID checkoutId = UUID.randomUUID();
        var admitted = (StockReservations.Admission.Admitted) reservations.reserve(sale, 77, quantity, checkoutId,
                Instant.now(), null);
        return new CheckoutReserved(checkoutId, sale, 77, quantity, new BigDecimal("800.00"), 60,
                admitted.expiresAt(), null);
    }

    private Object available(long sale) {
        return redis.opsForHash().get("{pv:" + sale + "}:sale", "available");
    }
}
