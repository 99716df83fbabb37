package io.flashsale.waitingroom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The draw: the buyers who came before the start, in a uniformly random order that anyone holding the arrivals and
 * the seed can reproduce. It is the Fisher–Yates shuffle driven by {@link Random} (whose generator, a 48-bit linear
 * congruential one, and whose {@code nextInt(bound)} are fixed by its specification, so the order does not depend
 * on the JDK): for i from n − 1 down to 1, swap element i with element {@code nextInt(i + 1)}.
 */
final class Draw {

    private Draw() {
    }

    /** The arrivals in drawn order: the buyer at index k gets position k + 1. */
    static List<String> order(List<String> arrivals, long seed) {
        List<String> order = new ArrayList<>(arrivals);
        Random random = new Random(seed);
        for (int i = order.size() - 1; i > 0; i--) {
            Collections.swap(order, i, random.nextInt(i + 1));
        }
        return order;
    }
}
