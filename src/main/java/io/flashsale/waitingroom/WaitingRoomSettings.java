package io.flashsale.waitingroom;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the waiting room ({@code flashsale.waitingroom.*}). A room's own terms (on or off, how long before the
 * start it opens, its rate) are the operator's, per promotion variant; these are the service's.
 *
 * @param passKey the HMAC-SHA256 key that signs passes; every instance must share it. The default is a local
 *     development key only: set {@code FLASHSALE_WAITINGROOM_PASS_KEY} in production
 * @param passLifetime how long a pass lets its buyer snap up
 * @param tick how often the line moves and places are told
 * @param refresh how often an instance reads the rooms' terms from the database (a switch reaches every instance
 *     within this)
 * @param drawLease how long an instance may take over a draw before another may redo it
 * @param retention how long a room is kept in Redis after its sale ended
 */
@Validated
@ConfigurationProperties("flashsale.waitingroom")
record WaitingRoomSettings(
        @NotBlank @Size(min = 32) @DefaultValue("local-development-only-waiting-room-pass-key-do-not-use")
        String passKey,
        @NotNull @DefaultValue("PT2M") Duration passLifetime,
        @NotNull @DefaultValue("PT0.5S") Duration tick,
        @NotNull @DefaultValue("PT1S") Duration refresh,
        @NotNull @DefaultValue("PT30S") Duration drawLease,
        @NotNull @DefaultValue("P1D") Duration retention) {
}
