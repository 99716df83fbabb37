/**
 * Live updates over STOMP/WebSocket: each buyer's checkout events on their private queue, and each sale's remaining
 * stock on its topic. Events cross instances through a RabbitMQ fan-out, so a buyer hears of an order written by
 * any instance.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "identity", "promotion", "order"})
package io.flashsale.notification;
