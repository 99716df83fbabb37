package io.flashsale.snapup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.stock.LiveStateProbe;
import io.flashsale.stock.LiveStock;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The publish is not confirmed and, at the same time, Redis lost the live state: the undo finds no hold. The snap-up
 * must not answer 202 for a checkout nothing will write.
 */
@FlashsaleTest
class LostLiveStateTests {

    private static final long BUYER = 1_900_000_301L;

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    LiveStock stock;

    @Autowired
    RateLimits rateLimits;

    @Autowired
    SnapUpSettings settings;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    MeterRegistry meters;

    @Test
    void anUnconfirmedSnapUpWhoseLiveStateIsLostIsRefusedAndItsLateMessageCreatesNothing() {
        long sale = api.createSale(TestApi.saleRequest(10));
        CheckoutReserved[] sent = new CheckoutReserved[1];
        // the broker does not confirm in time, and meanwhile Redis loses the promotion variant's live state
        CheckoutPublisher unconfirmed = new CheckoutPublisher(rabbit, settings) {
            @Override
            public boolean publish(CheckoutReserved checkout) {
                sent[0] = checkout;
                live.lose(sale);
                return false;
            }
        };
        SnapUp snapUp = new SnapUp(rateLimits, stock, unconfirmed, settings, meters);

        assertThatThrownBy(() -> snapUp.snapUp(UserId.of(BUYER), "192.0.2.3", PromotionVariantId.of(sale), 1, null))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("UNAVAILABLE"));

        // had the message reached the broker after all, the worker would create nothing from it
        LiveStock.Claim claim = stock.claim(PromotionVariantId.of(sale), List.of(sent[0].described()));
        assertThat(claim.undone()).containsExactly(sent[0].checkoutId());
    }
}
