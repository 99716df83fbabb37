package io.flashsale.identity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * Marks what exists only while the service issues its own tokens: pointing
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} at an external provider turns it off.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnExpression("'${spring.security.oauth2.resourceserver.jwt.issuer-uri:}'.isBlank()")
@interface LocalIssuer {
}
