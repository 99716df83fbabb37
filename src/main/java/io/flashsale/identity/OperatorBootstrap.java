package io.flashsale.identity;

import java.util.Set;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.StartupLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates or updates the operator named by {@code FLASHSALE_OPERATOR_EMAIL} / {@code _PASSWORD} at start-up. The
 * deployer's password is taken as given, with a warning when sign-up's {@link PasswordPolicy} would refuse it.
 */
@Component
@Order(0)
class OperatorBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(OperatorBootstrap.class);

    private final Accounts accounts;
    private final PasswordPolicy policy;
    private final IdentitySettings settings;
    private final StartupLock startup;

    OperatorBootstrap(Accounts accounts, PasswordPolicy policy, IdentitySettings settings, StartupLock startup) {
        this.accounts = accounts;
        this.policy = policy;
        this.settings = settings;
        this.startup = startup;
    }

    @Override
    public void run(ApplicationArguments args) {
        IdentitySettings.Operator operator = settings.operator();
        if (operator.configured()) {
            try {
                policy.check(operator.email(), operator.password());
            } catch (DomainException weak) {
                log.warn("FLASHSALE_OPERATOR_PASSWORD would be refused at sign-up ({}); choose a stronger one",
                        weak.getMessage());
            }
            startup.exclusively("accounts", () -> {
                Account account = accounts.ensure("Operator", operator.email(), operator.password(),
                        Set.of(Role.USER, Role.OPERATOR));
                log.info("Operator account {} is ready", account.email());
            });
        }
    }
}
