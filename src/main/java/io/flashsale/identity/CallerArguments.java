package io.flashsale.identity;

import java.util.List;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.UserId;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets a controller take the caller as a {@link UserId} parameter: the verified token's {@code sub}. A token whose
 * subject is not a numeric user id can't act as a buyer here (401 UNAUTHORIZED).
 */
@Configuration(proxyBeanMethods = false)
class CallerArguments implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    static {
        // the caller comes from the token, not from the request: the API document must not list it as a parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(UserId.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == UserId.class;
    }

    @Override
    public UserId resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
            NativeWebRequest request, WebDataBinderFactory binders) {
        return caller(SecurityContextHolder.getContext().getAuthentication());
    }

    static UserId caller(Authentication authentication) {
        if (authentication instanceof VerifiedCaller caller && caller.userId() != null) {
            return caller.userId();
        }
        if (authentication instanceof JwtAuthenticationToken jwt && jwt.getName().matches("[1-9][0-9]{0,17}")) {
            return UserId.of(Long.parseLong(jwt.getName())); // a Jwt left by Spring Security's own resource server
        }
        throw new DomainException(DomainException.Kind.UNAUTHENTICATED, "UNAUTHORIZED",
                "The token's subject must be a numeric user id.");
    }
}
