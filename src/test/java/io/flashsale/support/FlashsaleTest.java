package io.flashsale.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.flashsale.stock.LiveStateProbe;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A full-stack test: the whole service on a random port, against the real MariaDB, Redis and RabbitMQ (the test
 * profile's own database, Redis database and virtual host), with promotion variants, checkouts and Redis emptied before each test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({TestApi.class, LiveStateProbe.class})
@ExtendWith(CleanState.class)
public @interface FlashsaleTest {
}
