package io.flashsale.waitingroom;

/** Where a waiting room stands. */
public enum RoomState {
    /** Before the start: buyers join; nobody has a place yet. */
    WAITING,
    /** The start has passed: the buyers who came before it are being drawn into their places. */
    DRAWING,
    /** Buyers are let through in line order at the serving rate. */
    SERVING,
    /** No stock left: the line stands still until stock comes back. */
    SOLD_OUT
}
