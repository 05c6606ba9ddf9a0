package dev.haul.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClientBuilder;

import dev.haul.config.HaulConfig;

/**
 * The EventBridge client, built on first use (a function that never finishes a queued batch never builds it): region
 * and credentials as Lambda gives them; with {@code haul.events.endpoint-override}, a local stand-in, unsigned.
 */
class EventBridgeClientProducer {

    @Produces
    @ApplicationScoped
    EventBridgeAsyncClient eventBridge(HaulConfig config) {
        EventBridgeAsyncClientBuilder builder = EventBridgeAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder());
        config.events().endpointOverride().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()));
        return builder.build();
    }

    void close(@Disposes EventBridgeAsyncClient client) {
        client.close();
    }
}
