package io.flashsale.shared;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The test Redis (its database from {@code SPRING_DATA_REDIS_DATABASE}, 1 by default) for tests without a Spring
 * context: rate-limit buckets as two instances see them, each through a connection of its own, and a template. One
 * for the whole test run, closed with it.
 */
public final class RedisBuckets {

    private static RedisBuckets shared;

    private final StringRedisTemplate template;
    private final RateLimitBuckets buckets;
    private final RateLimitBuckets other;

    private RedisBuckets(LettuceConnectionFactory factory) {
        this.template = new StringRedisTemplate(factory);
        this.buckets = new RateLimitBuckets(factory);
        this.other = new RateLimitBuckets(factory);
    }

    public static synchronized RedisBuckets shared() {
        if (shared == null) {
            RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(
                    System.getenv().getOrDefault("SPRING_DATA_REDIS_HOST", "localhost"),
                    Integer.parseInt(System.getenv().getOrDefault("SPRING_DATA_REDIS_PORT", "6379")));
            server.setDatabase(Integer.parseInt(System.getenv().getOrDefault("SPRING_DATA_REDIS_DATABASE", "1")));
            LettuceConnectionFactory factory = new LettuceConnectionFactory(server);
            factory.afterPropertiesSet();
            factory.start();
            shared = new RedisBuckets(factory);
        }
        return shared;
    }

    /** The buckets as one instance sees them. */
    public RateLimitBuckets buckets() {
        return buckets;
    }

    /** The same buckets through a connection of their own, as another instance sees them. */
    public RateLimitBuckets otherBuckets() {
        return other;
    }

    public StringRedisTemplate template() {
        return template;
    }
}
