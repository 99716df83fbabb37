package io.flashsale.promotion;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.flashsale.shared.StartupLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The quick start's sale (profile {@code demo}): a live sale to try, created when none is running. */
@Component
@Profile("demo")
@Order(2)
class DemoSale implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSale.class);
    private static final long VARIANT_ID = 1001;
    private static final Duration WINDOW = Duration.ofDays(7);

    private final Promotions promotions;
    private final PromotionVariants variants;
    private final Clock clock;
    private final StartupLock startup;

    DemoSale(Promotions promotions, PromotionVariants variants, Clock clock, StartupLock startup) {
        this.promotions = promotions;
        this.variants = variants;
        this.clock = clock;
        this.startup = startup;
    }

    @Override
    public void run(ApplicationArguments args) {
        startup.exclusively("demo-sale", this::ensureRunning);
    }

    private void ensureRunning() {
        Instant now = clock.instant();
        boolean running = variants.findByEnabledTrueAndEndsAtAfterOrderByStartsAtAscIdAsc(now).stream()
                .anyMatch(v -> v.variantId() == VARIANT_ID);
        if (!running) {
            var id = promotions.create(new PromotionVariantRequest(VARIANT_ID, "Aurora X1 phone, 128 GB",
                    "The demo sale: a hundred phones at a quarter off, one per buyer.", null,
                    new BigDecimal("799.00"), new BigDecimal("0.75"), 100, 1, 120, now, now.plus(WINDOW), true, null,
                    null), null);
            log.info("Demo sale {} is live", id);
        }
    }
}
