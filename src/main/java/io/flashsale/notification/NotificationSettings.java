package io.flashsale.notification;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of live updates ({@code flashsale.notification.*}). {@code socketsPerAddress} has its default in
 * {@code application.yml} too, where the deployer's {@code FLASHSALE_SOCKETS_PER_IP} sets it.
 *
 * @param stockInterval how often a promotion variant's stock topic may hear of a change
 * @param heartbeat STOMP heart-beat: the server asks a client for one this often (and closes a session from which
 *        nothing came for three times the interval the client promised, at least this) and offers its own every
 *        quarter of it
 * @param clientHeartbeatMax the longest heart-beat interval a client may promise in {@code CONNECT}; a client that
 *        promises none ({@code 0}) or a longer one is refused
 * @param connectTimeout how long a socket may stay open without an accepted {@code CONNECT}
 * @param socketsPerAddress the most sockets open at once from one client address, on this instance; 0 is off
 * @param pendingSockets the most sockets on this instance still waiting for their {@code CONNECT}
 * @param sessionsPerUser the most STOMP sessions one account holds at once, on this instance
 * @param subscriptionsPerSession the most subscriptions one session holds at once
 * @param messageSizeLimit the largest frame a client may send (a WebSocket message, and a STOMP frame across
 *        messages)
 * @param sendBufferSizeLimit how much may wait to be sent to one slow client before its session is closed
 * @param sendTimeLimit how long one send to a client may take before its session is closed
 * @param shownCacheTime how long the answer to "does the public API show this promotion variant?" is kept before
 *        the promotion module is asked again
 * @param brokerCacheLimit how many destinations the broker remembers the subscribers of: every session has its own
 *        destination for its private queue, and a destination not remembered costs a scan of every subscription
 *        of every session, so this is sized for the most sessions an instance holds, not for the topics
 */
@Validated
@ConfigurationProperties("flashsale.notification")
record NotificationSettings(
        @NotNull @DefaultValue("PT0.5S") Duration stockInterval,
        @NotNull @DefaultValue("PT10S") Duration heartbeat,
        @NotNull @DefaultValue("PT30S") Duration clientHeartbeatMax,
        @NotNull @DefaultValue("PT5S") Duration connectTimeout,
        @Min(0) @DefaultValue("50") int socketsPerAddress,
        @Min(1) @DefaultValue("1000") int pendingSockets,
        @Min(1) @DefaultValue("10") int sessionsPerUser,
        @Min(1) @DefaultValue("20") int subscriptionsPerSession,
        @NotNull @DefaultValue("16KB") DataSize messageSizeLimit,
        @NotNull @DefaultValue("64KB") DataSize sendBufferSizeLimit,
        @NotNull @DefaultValue("PT5S") Duration sendTimeLimit,
        @NotNull @DefaultValue("PT2S") Duration shownCacheTime,
        @Min(1) @DefaultValue("65536") int brokerCacheLimit) {

    @AssertTrue(message = "every interval and timeout must be positive")
    boolean isPositive() {
        return stockInterval.isPositive() && heartbeat.isPositive() && clientHeartbeatMax.isPositive()
                && connectTimeout.isPositive() && sendTimeLimit.isPositive() && !shownCacheTime.isNegative();
    }
}
