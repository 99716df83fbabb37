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
    private final StockSettings settings;

    StockSchedule(LiveStateSync sync, LiveStateRebuild rebuild, HoldReaper reaper, StockSettings settings) {
        this.sync = sync;
        this.rebuild = rebuild;
        this.reaper = reaper;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(sync::syncAll, settings.syncInterval());
        tasks.addFixedDelayTask(rebuild::rebuildLost, settings.rebuildInterval());
        tasks.addFixedDelayTask(reaper::reapAll, settings.reapInterval());
    }
}
