package io.flashsale.shared;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the work that several instances share ({@code flashsale.cluster.*}).
 *
 * @param instanceId this instance's name among the others (in the leader lease and the worker reports); a random one
 *     by default, so two instances never share one
 * @param leaseTime how long the leader lease lasts unrenewed: when the leader dies, another instance takes over the
 *     periodic jobs within this time; renewed every third of it
 * @param reportInterval how often each instance reports its checkout worker's state for the drain check
 */
@Validated
@ConfigurationProperties("flashsale.cluster")
public record ClusterSettings(
        @NotBlank @DefaultValue("") String instanceId,
        @NotNull @DefaultValue("PT15S") Duration leaseTime,
        @NotNull @DefaultValue("PT1S") Duration reportInterval) {

    public ClusterSettings {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = java.util.UUID.randomUUID().toString();
        }
    }
}
