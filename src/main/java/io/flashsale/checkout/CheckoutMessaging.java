package io.flashsale.checkout;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The checkout module's consumers: the worker's (batches, manual acknowledgement, a bounded prefetch), the
 * expiry's (batches), and a patient one for compensations, which must not be dropped while Redis is away.
 */
@Configuration(proxyBeanMethods = false)
class CheckoutMessaging {

    @Bean
    SimpleRabbitListenerContainerFactory checkoutBatchListenerFactory(ConnectionFactory connections,
            MessageConverter converter, CheckoutSettings settings) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        factory.setConnectionFactory(connections);
        factory.setMessageConverter(converter);
        factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        factory.setBatchListener(true);
        factory.setConsumerBatchEnabled(true);
        factory.setBatchSize(settings.batchSize());
        factory.setBatchReceiveTimeout(settings.batchWait().toMillis());
        factory.setPrefetchCount(settings.prefetch());
        factory.setConcurrentConsumers(settings.consumers());
        return factory;
    }

    /** The expiry's consumers: batches, so a crowd of holds ending together is one transaction per batch. */
    @Bean
    SimpleRabbitListenerContainerFactory expiryBatchListenerFactory(ConnectionFactory connections,
            MessageConverter converter, CheckoutSettings settings) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        factory.setConnectionFactory(connections);
        factory.setMessageConverter(converter);
        factory.setBatchListener(true);
        factory.setConsumerBatchEnabled(true);
        factory.setBatchSize(settings.batchSize());
        factory.setBatchReceiveTimeout(settings.batchWait().toMillis());
        factory.setPrefetchCount(settings.prefetch());
        factory.setConcurrentConsumers(settings.expiryConsumers());
        return factory;
    }

    /** Redelivers a message whose handler failed, without limit: for work that must happen eventually. */
    @Bean
    SimpleRabbitListenerContainerFactory patientListenerFactory(ConnectionFactory connections,
            MessageConverter converter) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        factory.setConnectionFactory(connections);
        factory.setMessageConverter(converter);
        factory.setDefaultRequeueRejected(true);
        return factory;
    }
}
