package io.flashsale.security;

import static io.flashsale.security.OperationsAccessTests.OPERATORS_ONLY;
import static io.flashsale.security.OperationsAccessTests.served;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The settings a deployer uses to open metrics and the API docs, e.g. for a scraper on a private network. */
@FlashsaleTest
@TestPropertySource(properties = {"flashsale.operations.public-metrics=true",
    "flashsale.operations.public-api-docs=true"})
class OpenedOperationsTests {

    @Autowired
    TestApi api;

    @Test
    void anyoneReadsMetricsAndApiDocs() {
        for (String path : OPERATORS_ONLY) {
            served(api.client().get().uri(path).exchange(), path);
        }
    }

    @Test
    void otherActuatorEndpointsStayForOperators() {
        api.client().get().uri("/actuator/info").exchange().expectStatus().isUnauthorized();
    }
}
