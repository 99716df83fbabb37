package io.flashsale.shared;

import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Where every rate limit keeps its token buckets: in Redis (Bucket4j's compare-and-swap buckets through Lettuce), so
 * that a limit means the same however many instances share the load. One connection of its own, to the Redis
 * the application uses — a single server or a Redis Cluster, where each bucket is one key in any slot — opened at
 * the first use. A bucket's key lapses once it would be full again.
 */
@Component
public class RateLimitBuckets implements DisposableBean {

    private static final String PREFIX = "flashsale:rate:";

    private final LettuceConnectionFactory factory;
    private volatile StatefulConnection<String, byte[]> connection;
    private volatile AsyncProxyManager<String> buckets;

    RateLimitBuckets(LettuceConnectionFactory factory) {
        this.factory = factory;
    }

    /**
     * The buckets, on a connection opened at the first use, and again after a failed attempt or once the connection
     * was closed (its client shut down under it): Lettuce reconnects a dropped connection by itself, not a closed one.
     */
    AsyncProxyManager<String> buckets() {
        AsyncProxyManager<String> connected = buckets;
        StatefulConnection<String, byte[]> open = connection;
        return connected != null && open != null && open.isOpen() ? connected : connect();
    }

    private synchronized AsyncProxyManager<String> connect() {
        if (buckets != null && connection != null && connection.isOpen()) {
            return buckets;
        }
        buckets = null;
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        var lapse = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1));
        try {
            if (factory.getNativeClient() instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, byte[]> clustered = cluster.connect(codec);
                connection = clustered;
                buckets = Bucket4jLettuce.casBasedBuilder(clustered).expirationAfterWrite(lapse).build().asAsync();
            } else {
                StatefulRedisConnection<String, byte[]> single =
                        ((RedisClient) factory.getNativeClient()).connect(codec);
                single.sync().select(factory.getDatabase());
                connection = single;
                buckets = Bucket4jLettuce.casBasedBuilder(single).expirationAfterWrite(lapse).build().asAsync();
            }
        } catch (RedisException e) {
            throw new RedisConnectionFailureException("Rate limits: no connection to Redis", e);
        }
        return buckets;
    }

    /**
     * A limit of {@code capacity} tokens per key, refilled greedily over {@code period}; 0 turns it off.
     *
     * @param name what the limit is of, unique among the limits (part of each bucket's key)
     */
    public <K> KeyedRateLimit<K> limit(String name, int capacity, Duration period) {
        return new KeyedRateLimit<>(this, PREFIX + name + ":", capacity, period);
    }

    @Override
    public synchronized void destroy() {
        if (connection != null) {
            connection.close();
        }
    }

}
