package io.flashsale.stock;

import java.util.Map;

import io.flashsale.shared.UserId;

/**
 * A promotion variant's figures as the record has them at rest: what its live state is rebuilt and reconciled from.
 *
 * @param terms the committed terms, with the units reserved or sold
 * @param bought the units each buyer holds or bought by the live written checkouts (CHECKOUT, CONFIRMED, PAID)
 * @param unpaid the units held unpaid per client address by the written checkouts
 */
public record Recorded(StockTerms terms, Map<UserId, Integer> bought, Map<String, Integer> unpaid) {
}
