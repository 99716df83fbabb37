package io.flashsale.stock;

import io.flashsale.shared.ClusterLeader;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The stock module's periodic work, at the intervals its settings give. The rebuild and the reaper run on the
 * cluster's leader only ({@link ClusterLeader}); the sync runs on every instance, since it also refreshes this
 * instance's list of current promotion variants, and its writes are no-ops for live states already up to date.
 */
@Configuration(proxyBeanMethods = false)
class StockSchedule implements SchedulingConfigurer {

    private final LiveStateSync sync;
    private final LiveStateRebuild rebuild;
    private final HoldReaper reaper;
    private final DriftReconciler reconciler;
    private final StockSettings settings;
    private final ClusterLeader leader;

    StockSchedule(LiveStateSync sync, LiveStateRebuild rebuild, HoldReaper reaper, DriftReconciler reconciler,
            StockSettings settings, ClusterLeader leader) {
        this.leader = leader;
        this.sync = sync;
        this.rebuild = rebuild;
        this.reaper = reaper;
        this.reconciler = reconciler;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(sync::syncAll, settings.syncInterval());
        tasks.addFixedDelayTask(() -> leader.ifLeader(rebuild::rebuildLost), settings.rebuildInterval());
        tasks.addFixedDelayTask(() -> leader.ifLeader(reaper::reapAll), settings.reapInterval());
        tasks.addFixedDelayTask(() -> leader.ifLeader(reconciler::reconcileAll), settings.reconcileInterval());
    }
}
