package io.flashsale.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may read the operational endpoints ({@code flashsale.operations.*}). Health is always public (its components
 * shown to operators only); these two need the OPERATOR role unless opened here.
 *
 * @param publicMetrics whether {@code /actuator/prometheus} is open to anyone, for a scraper that can't send a
 *     token (then keep the port off the internet)
 * @param publicApiDocs whether the OpenAPI document ({@code /v3/api-docs}) and Swagger UI are open to anyone; they
 *     list the operators' paths. A browser can't send the bearer token, so Swagger UI is usable only when open.
 */
@Validated
@ConfigurationProperties("flashsale.operations")
record OperationsSettings(
        @DefaultValue("false") boolean publicMetrics,
        @DefaultValue("false") boolean publicApiDocs) {
}
