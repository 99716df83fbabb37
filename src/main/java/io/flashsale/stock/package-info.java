/**
 * Stock: each promotion variant's live state in Redis and every change to it. Admission, undo, claim, settle and
 * give back are each one Lua script over one variant's keys; the live state follows the database's terms after an
 * operator's change and on a periodic pass; sold-out flags let every instance refuse without Redis; a lost live
 * state is rebuilt from the database. {@link io.flashsale.stock.LiveStock} is the one class other modules call;
 * {@link io.flashsale.stock.StockRecord} and {@link io.flashsale.stock.HoldRecord} are what they provide to it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package io.flashsale.stock;
