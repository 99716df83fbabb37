/**
 * Live updates over STOMP/WebSocket: each buyer's checkout events on their private queue, and each promotion
 * variant's remaining stock on its topic. Events cross instances through a RabbitMQ fan-out, so a buyer hears of a
 * checkout written by any instance.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "identity", "checkout", "promotion", "stock"})
package io.flashsale.notification;
