package io.flashsale.checkout;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The checkout module's periodic work: the expiry sweep and the follow-ups' retry, at the intervals its settings give. */
@Configuration(proxyBeanMethods = false)
class CheckoutSchedule implements SchedulingConfigurer {

    private final CheckoutExpiry expiry;
    private final FollowUps followUps;
    private final CheckoutSettings settings;

    CheckoutSchedule(CheckoutExpiry expiry, FollowUps followUps, CheckoutSettings settings) {
        this.expiry = expiry;
        this.followUps = followUps;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(expiry::sweep, settings.sweepInterval());
        tasks.addFixedDelayTask(followUps::retry, settings.followUpRetryInterval());
    }
}
