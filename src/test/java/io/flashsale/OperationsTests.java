package io.flashsale;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/** What the operational endpoints tell an operator (who else may read them: security.OperationsAccessTests). */
@FlashsaleTest
class OperationsTests {

    @Autowired
    TestApi api;

    @Test
    void healthIsUpWithTheDatabaseRedisAndRabbitMq() {
        asOperator("/actuator/health").expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP")
                .jsonPath("$.components.rabbit.status").isEqualTo("UP");
    }

    @Test
    void exposesPrometheusMetrics() {
        String metrics = asOperator("/actuator/prometheus").expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(metrics).contains("jvm_memory_used_bytes", "http_server_requests");
    }

    @Test
    void publishesTheOpenApiDocumentAndItsPage() {
        asOperator("/v3/api-docs").expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/admin/promotion-variants']").exists()
                .jsonPath("$.paths['/api/auth/token']").exists()
                .jsonPath("$.paths['/api/promotion-variants/{id}']").exists();
        asOperator("/swagger-ui/index.html").expectStatus().isOk();
    }

    private RestTestClient.ResponseSpec asOperator(String path) {
        return api.client().get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange();
    }
}
