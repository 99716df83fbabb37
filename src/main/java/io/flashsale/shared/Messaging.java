package io.flashsale.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.support.converter.DefaultJacksonJavaTypeMapper;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole RabbitMQ topology, in one place.
 *
 * <pre>
 * flashsale.checkout (direct) ─checkout.orders─▶ checkout.orders (quorum, delivery limit) ─dead─▶ checkout.orders.dead
 * default exchange ─▶ checkout.holds.{N}s (TTL N s, N = 1, 2, 4 … 65,536) ─expired─▶ flashsale.checkout
 *                                                                          ─checkout.expiry─▶ checkout.expiry
 * flashsale.notifications (fanout) ─▶ one auto-delete queue per instance ─▶ its STOMP clients
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
public class Messaging {

    public static final String CHECKOUT_EXCHANGE = "flashsale.checkout";
    public static final String ORDERS = "checkout.orders";
    public static final String DEAD_LETTER_EXCHANGE = "flashsale.checkout.dlx";
    public static final String DEAD_ORDERS = "checkout.orders.dead";
    public static final String EXPIRY = "checkout.expiry";
    public static final String NOTIFICATIONS_EXCHANGE = "flashsale.notifications";
    /** How often the broker delivers an order message before it gives up and dead-letters it. */
    public static final int ORDER_DELIVERY_LIMIT = 5;

    /**
     * The delays of the hold queues: powers of two seconds up to about 18 hours. A fixed, small set, whatever hold
     * times operators choose: a longer wait takes several hops.
     */
    public static final List<Duration> HOLD_TIERS = IntStream.rangeClosed(0, 16)
            .mapToObj(power -> Duration.ofSeconds(1L << power)).toList();

    /** The delay queue of one tier: its messages all wait as long, so it stays in expiry order. */
    public static Queue holdQueue(Duration delay) {
        return QueueBuilder.durable("checkout.holds." + delay.toSeconds() + "s")
                .ttl(Math.toIntExact(delay.toMillis()))
                .deadLetterExchange(CHECKOUT_EXCHANGE)
                .deadLetterRoutingKey(EXPIRY)
                .build();
    }

    @Bean
    Declarables checkoutTopology() {
        DirectExchange checkout = new DirectExchange(CHECKOUT_EXCHANGE, true, false);
        DirectExchange deadLetters = new DirectExchange(DEAD_LETTER_EXCHANGE, true, false);
        Queue orders = QueueBuilder.durable(ORDERS).quorum()
                .withArguments(Map.of("x-delivery-limit", ORDER_DELIVERY_LIMIT))
                .deadLetterExchange(DEAD_LETTER_EXCHANGE)
                .deadLetterRoutingKey(DEAD_ORDERS)
                .build();
        Queue dead = QueueBuilder.durable(DEAD_ORDERS).build();
        Queue expiry = QueueBuilder.durable(EXPIRY).build();
        List<Declarable> topology = new ArrayList<>(List.of(checkout, deadLetters, orders, dead, expiry,
                BindingBuilder.bind(orders).to(checkout).with(ORDERS),
                BindingBuilder.bind(dead).to(deadLetters).with(DEAD_ORDERS),
                BindingBuilder.bind(expiry).to(checkout).with(EXPIRY)));
        HOLD_TIERS.forEach(tier -> topology.add(holdQueue(tier)));
        return new Declarables(topology);
    }

    @Bean
    FanoutExchange notificationsExchange() {
        return new FanoutExchange(NOTIFICATIONS_EXCHANGE, true, false);
    }

    /**
     * This instance's share of the notifications: gone when the instance is. (Not an {@code AnonymousQueue}: its
     * leader-locator argument is refused by RabbitMQ before 3.12.)
     */
    @Bean
    Queue instanceNotifications() {
        return QueueBuilder.nonDurable(new Base64UrlNamingStrategy("flashsale.notifications.").generateName())
                .exclusive().autoDelete().build();
    }

    @Bean
    Binding instanceNotificationsBinding(Queue instanceNotifications, FanoutExchange notificationsExchange) {
        return BindingBuilder.bind(instanceNotifications).to(notificationsExchange);
    }

    /** JSON bodies; a message's type header is believed only for the project's own types. */
    @Bean
    MessageConverter messageConverter(JsonMapper json) {
        JacksonJsonMessageConverter converter = new JacksonJsonMessageConverter(json);
        DefaultJacksonJavaTypeMapper types = new DefaultJacksonJavaTypeMapper();
        types.setTrustedPackages("io.flashsale.snapup", "io.flashsale.checkout", "io.flashsale.notification");
        converter.setJavaTypeMapper(types);
        return converter;
    }
}
