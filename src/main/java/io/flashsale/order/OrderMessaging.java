package io.flashsale.order;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The order worker's consumers: batches, manual acknowledgement, a bounded prefetch. */
@Configuration(proxyBeanMethods = false)
class OrderMessaging {

    @Bean
    SimpleRabbitListenerContainerFactory orderBatchListenerFactory(ConnectionFactory connections,
            MessageConverter converter, OrderSettings settings) {
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
}
