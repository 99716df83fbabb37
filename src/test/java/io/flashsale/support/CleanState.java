package io.flashsale.support;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/** Empties what one test leaves behind: orders, sales and the test Redis database. Accounts stay. */
class CleanState implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        var spring = SpringExtension.getApplicationContext(context);
        JdbcTemplate jdbc = spring.getBean(JdbcTemplate.class);
        jdbc.update("DELETE FROM checkout_order");
        jdbc.update("DELETE FROM promotion_variant");
        spring.getBean(StringRedisTemplate.class).execute(connection -> {
            connection.serverCommands().flushDb();
            return null;
        }, true);
    }
}
