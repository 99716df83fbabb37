package io.flashsale.checkout;

import io.flashsale.shared.ClusterLeader;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The checkout module's periodic work: the expiry sweep and the follow-ups' retry, at the intervals its settings
 * give, on the cluster's leader only ({@link ClusterLeader}; each expiry is a compare-and-set and each follow-up
 * idempotent, so a run twice would still do nothing twice).
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
        tasks.addFixedDelayTask(() -> leader.ifLeader(followUps::retry), settings.followUpRetryInterval());
    }
}
