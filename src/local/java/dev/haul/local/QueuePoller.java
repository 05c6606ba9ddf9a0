package dev.haul.local;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What Lambda's SQS event source mapping does for one function instance: long-polls the queue, hands what it
 * received to the worker as one SQS event, and deletes the messages the answer does not name in
 * {@code batchItemFailures}. Named messages, and every message of an invocation that errs, times out or whose worker
 * dies, are left alone: they reappear after the visibility timeout, and the queue dead-letters them after its receive
 * limit. The poller stops when told to or when its worker has exited.
 */
final class QueuePoller implements Runnable {

    /** Short enough that a stop request is noticed within it, long enough not to spin on an empty queue. */
    private static final int WAIT_SECONDS = 1;

    /** Where to poll and what the event names as its source. */
    record Source(String queueUrl, String queueArn, String region) {}

    private final SqsClient sqs;
    private final Source source;
    private final Worker worker;
    private final int batchSize;
    private final Duration budget;
    private final ObjectMapper json;
    private final Consumer<String> notices;
    private volatile boolean stopped;

    /** {@code notices} hears, in one line each, what a person watching the run should know (a worker lost, say). */
    QueuePoller(SqsClient sqs, Source source, Worker worker, int batchSize, Duration budget, ObjectMapper json,
            Consumer<String> notices) {
        this.sqs = sqs;
        this.source = source;
        this.worker = worker;
        this.batchSize = batchSize;
        this.budget = budget;
        this.json = json;
        this.notices = notices;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            while (!stopped && worker.alive()) {
                List<Message> received = receive();
                if (!received.isEmpty() && !deliver(received)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SdkException e) {
            // The queue went away under the poller: the topology is closing, or ElasticMQ died; either way it ends.
            if (!stopped) {
                notices.accept(worker.name() + ": polling the queue failed (" + e.getMessage()
                        + "); this worker takes no more messages");
            }
        }
    }

    private List<Message> receive() {
        return sqs.receiveMessage(request -> request.queueUrl(source.queueUrl()).maxNumberOfMessages(batchSize)
                .waitTimeSeconds(WAIT_SECONDS).messageSystemAttributeNames(SqsEvent.ATTRIBUTES)
                .messageAttributeNames("All")).messages();
    }

    /** Invokes the worker with the batch; {@code false} when the worker has gone and polling must end. */
    private boolean deliver(List<Message> batch) throws InterruptedException {
        byte[] event = SqsEvent.of(json, batch, source.queueArn(), source.region());
        Optional<RuntimeOutcome> outcome = worker.invoke(event, budget);
        if (outcome.isEmpty()) {
            notices.accept(worker.name() + " exited during an invocation; its " + batch.size()
                    + " message(s) reappear after the visibility timeout (" + worker.log() + ")");
            return false;
        }
        if (!(outcome.get() instanceof RuntimeOutcome.Response response)) {
            notices.accept(worker.name() + ": " + describe(outcome.get()) + "; its " + batch.size()
                    + " message(s) reappear after the visibility timeout (" + worker.log() + ")");
            return true;
        }
        List<String> ids = batch.stream().map(Message::messageId).toList();
        Set<String> keep = BatchItemFailures.toKeep(json, response.body(), ids);
        List<DeleteMessageBatchRequestEntry> done = IntStream.range(0, batch.size())
                .filter(i -> !keep.contains(ids.get(i)))
                .mapToObj(i -> DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle()).build())
                .toList();
        if (!done.isEmpty()) {
            DeleteMessageBatchResponse deleted = sqs.deleteMessageBatch(request -> request.queueUrl(source.queueUrl())
                    .entries(done));
            // A delete that fails leaves the message to come back, which Haul's idempotent redelivery absorbs.
            deleted.failed().forEach(failure -> notices.accept(worker.name() + ": could not delete a message ("
                    + failure.code() + "): " + failure.message()));
        }
        return true;
    }

    private static String describe(RuntimeOutcome outcome) {
        if (outcome instanceof RuntimeOutcome.TimedOut timedOut) {
            return "the invocation timed out after " + timedOut.budget().toSeconds() + " s";
        }
        return "the invocation failed: " + ((RuntimeOutcome.FunctionError) outcome).text();
    }
}
