package io.flashsale.stock;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The stock module's periodic work, at the intervals its settings give. */
@Configuration(proxyBeanMethods = false)
class StockSchedule implements SchedulingConfigurer {

    private final LiveStateSync sync;
    private final LiveStateRebuild rebuild;
    private final HoldReaper reaper;
    private final DriftReconciler reconciler;
    private final StockSettings settings;

    StockSchedule(LiveStateSync sync, LiveStateRebuild rebuild, HoldReaper reaper, DriftReconciler reconciler,
            StockSettings settings) {
        this.sync = sync;
        this.rebuild = rebuild;
        this.reaper = reaper;
        this.reconciler = reconciler;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(sync::syncAll, settings.syncInterval());
        tasks.addFixedDelayTask(rebuild::rebuildLost, settings.rebuildInterval());
        tasks.addFixedDelayTask(reaper::reapAll, settings.reapInterval());
        tasks.addFixedDelayTask(reconciler::reconcileAll, settings.reconcileInterval());
    }
}
