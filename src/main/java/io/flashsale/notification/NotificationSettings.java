package io.flashsale.notification;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of live updates ({@code flashsale.notification.*}).
 *
 * @param stockInterval how often a promotion variant's stock topic may hear of a change
 * @param heartbeat STOMP heart-beat, both ways
 */
@Validated
@ConfigurationProperties("flashsale.notification")
record NotificationSettings(
        @NotNull @DefaultValue("PT0.5S") Duration stockInterval,
        @NotNull @DefaultValue("PT10S") Duration heartbeat) {
}
