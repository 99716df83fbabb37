package io.flashsale.snapup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.stock.Admission;
import io.flashsale.stock.LiveStateProbe;
import io.flashsale.stock.LiveStock;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A snap-up whose publish is not confirmed in time is undone and refused, never answered 202: when, at the same time,
 * Redis lost the live state (the undo finds no hold), and when its publish deadline after the admission passed (Redis,
 * a channel or the connection made it wait): past that deadline the reaper may take its hold for one never queued.
 */
@FlashsaleTest
class UnconfirmedPublishTests {

    private static final long BUYER = 1_900_000_301L;

    private static final long LATE_BUYER = 1_900_000_311L;

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
        CheckoutPublisher unconfirmed = new CheckoutPublisher(rabbit, settings, Clock.systemUTC()) {
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

    @Test
    void aSnapUpWhosePublishDeadlinePassedIsUndoneAndRefused() {
        long sale = api.createSale(TestApi.saleRequest(10));
        // the publisher's clock runs a second past the deadline: the admission waited that long before its publish
        Clock late = Clock.offset(Clock.systemUTC(), settings.publishDeadline().plus(Duration.ofSeconds(1)));
        SnapUp snapUp = new SnapUp(rateLimits, stock, new CheckoutPublisher(rabbit, settings, late), settings, meters);

        assertThatThrownBy(
                () -> snapUp.snapUp(UserId.of(LATE_BUYER), "192.0.2.4", PromotionVariantId.of(sale), 1, null))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("UNAVAILABLE"));

        assertThat(live.available(sale)).isEqualTo("10");
        assertThat(live.queued(sale)).isZero();
        assertThat(live.undone(sale)).isEqualTo(1); // had a copy reached the broker, it would create nothing
    }

    @Test
    void aSnapUpPublishedWithinItsDeadlineIsAccepted() {
        long sale = api.createSale(TestApi.saleRequest(10));
        SnapUp snapUp = new SnapUp(rateLimits, stock, new CheckoutPublisher(rabbit, settings, Clock.systemUTC()),
                settings, meters);

        SnapUp.Accepted accepted = snapUp.snapUp(UserId.of(LATE_BUYER + 1), "192.0.2.4", PromotionVariantId.of(sale), 1,
                null);

        assertThat(accepted.checkoutId()).isNotNull();
        assertThat(live.available(sale)).isEqualTo("9");
        assertThat(live.undone(sale)).isZero();
    }

    @Test
    void anOperatorsReDriveIsPublishedLongAfterTheAdmissionASnapUpIsNot() {
        long sale = api.createSale(TestApi.saleRequest(10));
        Admission.Admitted admitted = (Admission.Admitted) stock.admit(PromotionVariantId.of(sale),
                UserId.of(LATE_BUYER + 2), 1, null, "192.0.2.4");
        CheckoutReserved checkout = new CheckoutReserved(admitted.hold().checkoutId(), PromotionVariantId.of(sale),
                UserId.of(LATE_BUYER + 2), 1, admitted.unitPrice(), admitted.holdSeconds(), admitted.expiresAt(), null,
                "192.0.2.4");
        // a dead letter is re-driven minutes after its admission, long past any snap-up's publish deadline
        Clock minutesLater = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
        CheckoutPublisher publisher = new CheckoutPublisher(rabbit, settings, minutesLater);

        assertThat(publisher.publish(checkout)).isFalse();
        assertThat(publisher.publishAgain(checkout)).isTrue();
    }
}
