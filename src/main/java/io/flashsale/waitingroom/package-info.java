/**
 * The waiting room: a sale's fair line in front of the snap-up. Buyers who join before the start are drawn into a
 * uniformly random order (a recorded seed makes the draw reproducible), later ones queue behind them in arrival
 * order, and buyers are let through at the operator's rate, each with a short-lived signed pass that the snap-up
 * asks for while the room is on ({@link io.flashsale.waitingroom.WaitingRoom}). The line lives in Redis under the
 * promotion variant's hash tag; each buyer hears their place over STOMP.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "promotion", "stock"})
package io.flashsale.waitingroom;
