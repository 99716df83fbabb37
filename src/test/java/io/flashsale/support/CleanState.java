package io.flashsale.support;

import java.sql.Statement;

import io.flashsale.shared.Messaging;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Empties what one test leaves behind: the order, hold and expiry queues, checkouts, follow-ups, promotion variants,
 * promotions, their audit trail and the test Redis database. Accounts stay.
 */
class CleanState implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        // A context that another test class closed may still throw from its own threads while this test awaits:
        // that is not this test's failure.
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
        var spring = SpringExtension.getApplicationContext(context);
        AmqpAdmin rabbit = spring.getBean(AmqpAdmin.class);
        // A dead letter of an earlier test's promotion variant (deleted below) can never be recorded and keeps coming
        // back; the ones the listener holds are unacknowledged, out of the purge's reach: stopped, it returns them.
        var deadLetters = spring.getBean(RabbitListenerEndpointRegistry.class).getListenerContainer("deadLetters");
        deadLetters.stop();
        rabbit.purgeQueue(Messaging.DEAD_ORDERS, false);
        deadLetters.start();
        for (String queue : new String[] {Messaging.ORDERS, Messaging.EXPIRY, Messaging.DEAD_ORDERS}) {
            rabbit.purgeQueue(queue, false);
        }
        Messaging.HOLD_TIERS.forEach(tier -> rabbit.purgeQueue(Messaging.holdQueue(tier).getName(), false));
        // One connection, foreign keys unchecked: the worker may still be writing a previous test's last checkouts.
        spring.getBean(JdbcTemplate.class).execute((Statement sql) -> {
            sql.execute("SET FOREIGN_KEY_CHECKS = 0");
            sql.execute("DELETE FROM dead_letter_action");
            sql.execute("DELETE FROM dead_letter");
            sql.execute("DELETE FROM checkout");
            sql.execute("DELETE FROM follow_up");
            sql.execute("DELETE FROM waiting_room");
            sql.execute("DELETE FROM promotion_variant");
            sql.execute("DELETE FROM promotion");
            sql.execute("DELETE FROM audit_entry");
            sql.execute("SET FOREIGN_KEY_CHECKS = 1");
            return null;
        });
        spring.getBean(StringRedisTemplate.class).execute(connection -> {
            connection.serverCommands().flushDb();
            return null;
        }, true);
    }
}
