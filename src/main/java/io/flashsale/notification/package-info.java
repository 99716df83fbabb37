/**
 * Live updates over STOMP/WebSocket: each buyer's checkout events on their private queue, and each promotion
 * variant's remaining stock on its topic. Events cross instances through a RabbitMQ fan-out, so a buyer hears of a
 * checkout written by any instance. Sockets are bounded per address, user and session and close when they overstay
 * (no CONNECT in time, silent, token expired); stock topics are served only for promotion variants buyers see.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "identity", "checkout", "promotion", "stock"})
package io.flashsale.notification;
