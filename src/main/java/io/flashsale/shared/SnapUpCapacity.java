package io.flashsale.shared;

/**
 * How many new snap-ups a second this instance can answer quickly now, as its admission control measures it: the
 * snap-up lane's concurrency limit over the snap-ups' recent latency (Little's law). A waiting room that follows the
 * lane lets buyers through at the sum of every instance's figure.
 */
@FunctionalInterface
public interface SnapUpCapacity {

    double perSecond();
}
