package io.flashsale.identity;

import java.util.Set;

import io.flashsale.shared.StartupLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The quick start's buyers (profile {@code demo}): local development accounts, never for production. */
@Component
@Profile("demo")
@Order(1)
class DemoAccounts implements ApplicationRunner {

    static final String PASSWORD = "buyer-demo";
    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

    private final Accounts accounts;
    private final StartupLock startup;

    DemoAccounts(Accounts accounts, StartupLock startup) {
        this.accounts = accounts;
        this.startup = startup;
    }

    @Override
    public void run(ApplicationArguments args) {
        startup.exclusively("accounts", () -> {
            for (String name : new String[] {"alice", "bob"}) {
                accounts.ensure(name.substring(0, 1).toUpperCase() + name.substring(1), name + "@flashsale.local",
                        PASSWORD, Set.of(Role.USER));
            }
        });
        log.info("Demo buyers alice@flashsale.local and bob@flashsale.local, password '{}'", PASSWORD);
    }
}
