package io.flashsale.checkout;

import java.util.List;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutPublisher;
import io.flashsale.snapup.CheckoutReserved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What operators do with a dead-lettered checkout, whose units are still held: <b>re-drive</b> it (its message goes
 * back on {@code checkout.orders}, and the worker writes it as any other — CHECKOUT, or EXPIRED if its hold ran out
 * meanwhile, or FAILED if it disagrees with the terms) or <b>discard</b> it (written FAILED with, in the same
 * transaction, its follow-up: its units given back in Redis exactly once by give-back.lua, its buyer told
 * {@code CheckoutFailed}). Either way the units and the buyer's
 * count stay exact: they are held until one of the two, and each releases them through the one path that does so
 * for every other checkout. Each action is a compare-and-set on the dead letter's status, audited with the operator
 * and their note, in the same transaction as the step that can fail (the broker's confirm) or the follow-up that must follow it.
 */
@Service
class DeadLetterConsole {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterConsole.class);
    private static final int PAGE = 100;

    private final DeadLetterRecord record;
    private final CheckoutWriter writer;
    private final CheckoutPublisher publisher;
    private final FollowUps followUps;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    DeadLetterConsole(DeadLetterRecord record, CheckoutWriter writer, CheckoutPublisher publisher,
            FollowUps followUps, JsonMapper json, PlatformTransactionManager transactions) {
        this.record = record;
        this.writer = writer;
        this.publisher = publisher;
        this.followUps = followUps;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    DeadLetterRecord.DeadLetter one(long id) {
        return record.find(id).orElseThrow(() -> DomainException.notFound("Dead letter"));
    }

    void redrive(long id, UserId operator) {
        DeadLetterRecord.DeadLetter deadLetter = one(id);
        CheckoutReserved checkout = json.readValue(deadLetter.payload(), CheckoutReserved.class);
        transaction.executeWithoutResult(status -> {
            resolve(id, DeadLetterRecord.Action.REDRIVE, operator, null);
            if (!publisher.publishAgain(checkout)) { // rolls the status and the audit back: still PENDING
                throw DomainException.unavailable("The broker did not take the re-driven checkout.");
            }
        });
        log.info("Checkout {} re-driven by operator {}", checkout.checkoutId(), operator);
    }

    /** Re-drives every PENDING dead letter; returns how many went back on the queue. */
    int redriveAll(UserId operator) {
        int redriven = 0;
        long before = 0;
        List<DeadLetterRecord.DeadLetter> page;
        do {
            page = record.list(DeadLetterRecord.Status.PENDING, before, PAGE);
            for (DeadLetterRecord.DeadLetter deadLetter : page) {
                try {
                    redrive(deadLetter.id(), operator);
                    redriven++;
                } catch (DomainException raced) { // another operator was first, or the broker refused this one
                    log.warn("Dead letter {} not re-driven: {}", deadLetter.id(), raced.getMessage());
                }
            }
            before = page.isEmpty() ? before : page.getLast().id();
        } while (page.size() == PAGE);
        return redriven;
    }

    void discard(long id, UserId operator, String note) {
        DeadLetterRecord.DeadLetter deadLetter = one(id);
        CheckoutReserved checkout = json.readValue(deadLetter.payload(), CheckoutReserved.class);
        List<FollowUps.Saved> saved = transaction.execute(status -> {
            resolve(id, DeadLetterRecord.Action.DISCARD, operator, note);
            if (writer.statusOf(checkout.checkoutId()).isPresent()) {
                return List.of(); // written after all (a re-drive raced): the database holds its units as any other's
            }
            writer.writeFailed(checkout);
            return followUps.save(List.of(FollowUp.of(checkout.promotionVariantId())
                    .giveBackQueued(checkout.hold())
                    .tell(CheckoutEvent.of(CheckoutEvent.Type.CheckoutFailed, checkout, CheckoutStatus.FAILED))
                    .build()));
        });
        followUps.run(saved);
        log.info("Checkout {} discarded by operator {}: {}", checkout.checkoutId(), operator, note);
    }

    private void resolve(long id, DeadLetterRecord.Action action, UserId operator, String note) {
        if (!record.resolve(id, action, operator, note)) {
            throw DomainException.conflict("DEAD_LETTER_RESOLVED", "The dead letter was already re-driven or discarded.");
        }
    }
}
