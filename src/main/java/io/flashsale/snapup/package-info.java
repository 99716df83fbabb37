/**
 * Snap-up: the endpoint a stampede hits. Admits or refuses each snap-up through the live stock (one Redis script),
 * queues the admitted checkout on RabbitMQ once the broker confirmed it, and never touches the database. While a
 * sale's waiting room is on, it asks the room whether the buyer's pass lets them through.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "stock", "waitingroom"})
package io.flashsale.snapup;
