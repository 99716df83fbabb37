/**
 * Snap-up: the endpoint a stampede hits. Admits or refuses each snap-up through the live stock (one Redis script),
 * queues the admitted checkout on RabbitMQ once the broker confirmed it, and never touches the database.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "stock"})
package io.flashsale.snapup;
