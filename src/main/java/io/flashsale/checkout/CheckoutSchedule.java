package io.flashsale.checkout;

import io.flashsale.shared.ClusterLeader;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The checkout module's periodic work, at the intervals its settings give: the expiry sweep on the cluster's leader
 * only ({@link ClusterLeader}; each expiry is a compare-and-set, so a run twice would still expire nothing twice), and
 * the follow-ups' retry on every instance from its start. The retry must not wait for the lease: an instance killed
 * and started again holds it only once its previous self's lease lapsed (up to 15 s), while the follow-ups it left
 * behind (the expiries of its last written batch among them) are due now. Each is idempotent, and the table holds
 * only the follow-ups of commits in flight, so every instance looking costs one small query each interval.
 */
@Configuration(proxyBeanMethods = false)
class CheckoutSchedule implements SchedulingConfigurer {

    private final CheckoutExpiry expiry;
    private final FollowUps followUps;
    private final CheckoutSettings settings;
    private final ClusterLeader leader;

    CheckoutSchedule(CheckoutExpiry expiry, FollowUps followUps, CheckoutSettings settings, ClusterLeader leader) {
        this.leader = leader;
        this.expiry = expiry;
        this.followUps = followUps;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(() -> leader.ifLeader(expiry::sweep), settings.sweepInterval());
        tasks.addFixedDelayTask(followUps::retry, settings.followUpRetryInterval());
    }
}
