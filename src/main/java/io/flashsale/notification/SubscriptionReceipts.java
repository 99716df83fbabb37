package io.flashsale.notification;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Answers a SUBSCRIBE that asks for a receipt with a RECEIPT frame once the subscription is registered, as STOMP
 * allows for any client frame; Spring's simple broker answers receipts only for DISCONNECT. A client then knows
 * exactly when it can no longer miss an event, instead of guessing with a pause. A {@code /user/…} subscription
 * is registered by the user-destination handler (which hands it to the broker at once), any other by the broker.
 */
@Component
class SubscriptionReceipts implements ExecutorChannelInterceptor {

    private final MessageChannel clientOutbound;

    SubscriptionReceipts(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound) {
        this.clientOutbound = clientOutbound;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
            Exception failure) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (failure != null || stomp == null || stomp.getCommand() != StompCommand.SUBSCRIBE
                || stomp.getReceipt() == null || !registeredBy(handler, stomp.getDestination())) {
            return;
        }
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setReceiptId(stomp.getReceipt());
        receipt.setSessionId(stomp.getSessionId());
        clientOutbound.send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
    }

    private static boolean registeredBy(MessageHandler handler, String destination) {
        boolean user = destination != null && destination.startsWith("/user/");
        return user ? handler instanceof UserDestinationMessageHandler : handler instanceof SimpleBrokerMessageHandler;
    }
}
