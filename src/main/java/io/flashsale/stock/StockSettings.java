package io.flashsale.stock;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the live state ({@code flashsale.stock.*}).
 *
 * @param channel the Redis pub/sub channel on which the scripts announce a promotion variant sold out
 *     ({@code out:ID}) or back in stock ({@code in:ID})
 * @param liveStateRetention how long a promotion variant's Redis keys outlive its end and its last hold
 * @param syncInterval how often every current promotion variant's live state is brought up to the database's terms
 * @param soldOutRecheck how long a sold-out flag stands before the next snap-up asks Redis again
 * @param undoneRetention how long an undone checkout is remembered, so a late copy of its message creates nothing
 * @param rebuildInterval how often promotion variants are checked for a live state Redis lost
 * @param reapInterval how often the holds of queued checkouts are looked over for ones nothing will ever write
 * @param reapAfter how long after its deadline a queued checkout's hold is taken for one whose message was never
 *     queued (the process died between admission and the broker's confirm): far longer than any order-queue backlog
 * @param reapAfterDrained how long after its admission a queued checkout's hold is taken for such an orphan once
 *     every admitted checkout of the whole cluster is written (the order queue drained, every worker idle): longer
 *     than a publish may take ({@code flashsale.snapup.publish-deadline}, 10 s from the admission: a snap-up not
 *     confirmed by then is undone and refused), so a message still on its way is never mistaken for none
 * @param reconcileInterval how often each current promotion variant's live state is compared with the record at rest,
 *     and its drift repaired
 * @param reconcileRepair whether drift found is repaired (false: only counted and logged)
 * @param maxVariantsHeldPerBuyer how many promotion variants one buyer may hold unpaid at once, across all of them;
 *     0 turns the bound off (it costs each admission one more Redis call)
 */
@Validated
@ConfigurationProperties("flashsale.stock")
record StockSettings(
        @NotBlank @DefaultValue("flashsale:stock") String channel,
        @NotNull @DefaultValue("P1D") Duration liveStateRetention,
        @NotNull @DefaultValue("PT10S") Duration syncInterval,
        @NotNull @DefaultValue("PT1S") Duration soldOutRecheck,
        @NotNull @DefaultValue("P1D") Duration undoneRetention,
        @NotNull @DefaultValue("PT2S") Duration rebuildInterval,
        @Min(0) @DefaultValue("5") int maxVariantsHeldPerBuyer,
        @NotNull @DefaultValue("PT2S") Duration reapInterval,
        @NotNull @DefaultValue("PT5M") Duration reapAfter,
        @NotNull @DefaultValue("PT15S") Duration reapAfterDrained,
        @NotNull @DefaultValue("PT10S") Duration reconcileInterval,
        @DefaultValue("true") boolean reconcileRepair) {
}
