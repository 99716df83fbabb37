package io.flashsale.identity;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Creates or updates the operator named by {@code FLASHSALE_OPERATOR_EMAIL} / {@code _PASSWORD} at start-up. */
@Component
@Order(0)
class OperatorBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(OperatorBootstrap.class);

    private final Accounts accounts;
    private final IdentitySettings settings;

    OperatorBootstrap(Accounts accounts, IdentitySettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        IdentitySettings.Operator operator = settings.operator();
        if (operator.configured()) {
            Account account = accounts.ensure("Operator", operator.email(), operator.password(),
                    Set.of(Role.USER, Role.OPERATOR));
            log.info("Operator account {} is ready", account.email());
        }
    }
}
