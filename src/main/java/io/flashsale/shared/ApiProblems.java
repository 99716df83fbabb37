package io.flashsale.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem codes an endpoint answers for its own reasons (a refused snap-up, a missing checkout): the OpenAPI
 * document lists them, each with an example. The codes every endpoint of a kind shares are added by rule in
 * {@link ApiContract} (a token refused, a body too large, a server away), so they are not repeated here.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiProblems {

    ProblemCode[] value();
}
