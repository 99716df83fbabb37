package io.flashsale.checkout;

import io.flashsale.shared.ClusterLeader;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The checkout module's periodic work: the expiry sweep, at the interval its settings give, on the cluster's leader
 * only ({@link ClusterLeader}; each expiry is a compare-and-set, so a sweep run twice would still expire nothing
 * twice).
 */
@Configuration(proxyBeanMethods = false)
class CheckoutSchedule implements SchedulingConfigurer {

    private final CheckoutExpiry expiry;
    private final CheckoutSettings settings;
    private final ClusterLeader leader;

    CheckoutSchedule(CheckoutExpiry expiry, CheckoutSettings settings, ClusterLeader leader) {
        this.leader = leader;
        this.expiry = expiry;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(() -> leader.ifLeader(expiry::sweep), settings.sweepInterval());
    }
}
