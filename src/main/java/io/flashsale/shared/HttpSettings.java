package io.flashsale.shared;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the HTTP edge ({@code flashsale.http.*}): how large a request body may be, checked before anything
 * reads it (see {@link RequestBodyLimit}).
 *
 * @param maxBody the largest request body of every endpoint but the operators' (snap-up, confirm, register,
 *     token, …); a larger one is refused {@code 413 PAYLOAD_TOO_LARGE}
 * @param maxOperatorBody the largest request body under {@code /api/admin/}: a promotion variant's fields, its
 *     2,000-character description included, fit many times over
 */
@Validated
@ConfigurationProperties("flashsale.http")
record HttpSettings(
        @NotNull @DefaultValue("16KB") DataSize maxBody,
        @NotNull @DefaultValue("64KB") DataSize maxOperatorBody) {
}
