package dev.haul.support;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * For end-to-end tests whose batches may be queued rather than run: the queue is emptied after each test, so that no
 * other test receives what this one queued.
 */
public abstract class QueueingTestSupport extends HaulTestSupport {

    @Inject
    protected SqsAsyncClient sqs;

    @ConfigProperty(name = "haul.queue.url")
    protected String queueUrl;

    @AfterEach
    void emptyTheQueue() {
        sqs.purgeQueue(r -> r.queueUrl(queueUrl)).join();
    }
}
