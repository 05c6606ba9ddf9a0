package dev.haul.support;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

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

    /** Receives until {@code expected} messages are in hand or the queue answers empty. */
    protected List<Message> receiveAll(int expected) {
        List<Message> all = new ArrayList<>();
        while (all.size() < expected) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).join().messages();
            if (batch.isEmpty()) {
                break;
            }
            all.addAll(batch);
        }
        return all;
    }

    protected void delete(Message message) {
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())).join();
    }
}
