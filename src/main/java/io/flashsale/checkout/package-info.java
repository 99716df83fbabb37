/**
 * Snap-up: the endpoint a stampede hits. Admits or refuses each checkout with one Redis script, queues the admitted
 * ones on RabbitMQ once the broker confirmed them, and never touches the database.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "promotion"})
package io.flashsale.checkout;
