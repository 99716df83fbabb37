package io.flashsale.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The scripts' invariants between an undo (no broker confirm) and the worker, on the real Redis. */
@FlashsaleTest
class LiveStockTests {

    private static final long BUYER = 77;

    @Autowired
    TestApi api;

    @Autowired
    LiveStock stock;

    @Autowired
    LiveStateProbe live;

    @Test
    void anUndoLeavesACheckoutTheWorkerHasClaimed() {
        long sale = api.createSale(TestApi.saleRequest(10));
        Admission.Admitted admitted = admit(sale, 2);
        Hold hold = admitted.hold();

        assertThat(stock.claim(hold.promotionVariantId(), List.of(admitted.described())))
                .isEqualTo(new LiveStock.Claim(Set.of(), Set.of()));

        assertThat(stock.undo(hold)).isEqualTo(LiveStock.Undo.CLAIMED);
        assertThat(live.available(sale)).isEqualTo("8");
        assertThat(live.isUndone(sale, hold.checkoutId().toString())).isFalse();
    }

    @Test
    void aClaimSkipsACheckoutAlreadyUndone() {
        long sale = api.createSale(TestApi.saleRequest(10));
        Admission.Admitted admitted = admit(sale, 2);
        Hold hold = admitted.hold();

        assertThat(stock.undo(hold)).isEqualTo(LiveStock.Undo.UNDONE);
        assertThat(live.available(sale)).isEqualTo("10");
        assertThat(stock.undo(hold)).isEqualTo(LiveStock.Undo.GONE); // exactly once

        assertThat(stock.claim(hold.promotionVariantId(), List.of(admitted.described())).undone())
                .containsExactly(hold.checkoutId());
    }

    @Test
    void givesTheUnitsOfAQueuedCheckoutBackOnceEvenIfClaimed() {
        long sale = api.createSale(TestApi.saleRequest(10));
        Admission.Admitted admitted = admit(sale, 2); // the limit per buyer
        Hold hold = admitted.hold();
        stock.claim(hold.promotionVariantId(), List.of(admitted.described()));

        assertThat(stock.giveBackQueued(hold)).isTrue();
        assertThat(stock.giveBackQueued(hold)).isFalse();
        assertThat(live.available(sale)).isEqualTo("10");
        assertThat(live.bought(sale, BUYER)).isNull();
    }

    @Test
    void aClaimNamesACheckoutNotAdmittedAsItsMessageSays() {
        long sale = api.createSale(TestApi.saleRequest(10));
        QueuedCheckout genuine = admit(sale, 1).described();
        CheckoutId forged = CheckoutId.random();
        QueuedCheckout forgedMore = new QueuedCheckout(genuine.checkoutId(), genuine.promotionVariantId(),
                genuine.userId(), 2, genuine.expiresAt(), genuine.unitPrice(), genuine.holdSeconds(),
                genuine.clientAddress());

        LiveStock.Claim claim = stock.claim(PromotionVariantId.of(sale), List.of(new QueuedCheckout(forged,
                genuine.promotionVariantId(), genuine.userId(), 1, genuine.expiresAt(), genuine.unitPrice(),
                genuine.holdSeconds(), null), forgedMore));

        assertThat(claim.unknown()).containsExactlyInAnyOrder(forged, genuine.checkoutId());
        assertThat(claim.undone()).isEmpty();
        assertThat(stock.claim(PromotionVariantId.of(sale), List.of(genuine)).unknown()).isEmpty();
    }

    @Test
    void refusesWithTheReasonTheScriptGives() {
        long sale = api.createSale(TestApi.saleRequest(10));
        admit(sale, 2);

        assertThat(stock.admit(PromotionVariantId.of(sale), UserId.of(BUYER), 1, null, null))
                .isEqualTo(new Admission.Refused(Refusal.LIMIT_EXCEEDED));
        assertThat(stock.admit(PromotionVariantId.of(sale + 1_000), UserId.of(BUYER), 1, null, null))
                .isEqualTo(new Admission.Refused(Refusal.NOT_FOUND));
    }

    private Admission.Admitted admit(long sale, int quantity) {
        return (Admission.Admitted) stock.admit(PromotionVariantId.of(sale), UserId.of(BUYER), quantity, null,
                "192.0.2.1");
    }
}
