package io.flashsale.stock;

import java.util.List;
import java.util.Map;

import io.flashsale.shared.UserId;

/**
 * A promotion variant's figures as the record has them at rest: what its live state is rebuilt and reconciled from.
 *
 * @param terms the committed terms, with the units reserved or sold
 * @param bought the units each buyer holds or bought by the live written checkouts (CHECKOUT, CONFIRMED, PAID)
 * @param unpaid the units held unpaid per buyer and client address by the written checkouts (per buyer too: a
 *     promotion variant of several buckets counts an address's units in each bucket apart)
 */
public record Recorded(StockTerms terms, Map<UserId, Integer> bought, List<Unpaid> unpaid) {

    /** Units one buyer's written checkouts from one client address hold unpaid. */
    public record Unpaid(UserId buyer, String address, int units) {
    }
}
