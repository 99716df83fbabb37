package io.flashsale;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@FlashsaleTest
class OperationsTests {

    @Autowired
    TestApi api;

    @Test
    void healthIsUpWithTheDatabaseRedisAndRabbitMq() {
        api.client().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP")
                .jsonPath("$.components.rabbit.status").isEqualTo("UP");
    }

    @Test
    void exposesPrometheusMetrics() {
        String metrics = api.client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(metrics).contains("jvm_memory_used_bytes", "http_server_requests");
    }

    @Test
    void publishesTheOpenApiDocumentAndItsPage() {
        api.client().get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/admin/promotion-variants']").exists()
                .jsonPath("$.paths['/api/auth/token']").exists()
                .jsonPath("$.paths['/api/promotion-variants/{id}']").exists();
        api.client().get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }
}
