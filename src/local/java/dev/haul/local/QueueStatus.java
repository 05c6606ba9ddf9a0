package dev.haul.local;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The queue topology at one moment: the main queue's messages waiting to be received, received and not yet deleted
 * (in flight) and delayed, the messages in the dead-letter queue, and what each worker has done.
 */
public record QueueStatus(int waiting, int inFlight, int delayed, int deadLettered, List<WorkerStatus> workers) {

    public record WorkerStatus(String name, int invocations, boolean alive) {}

    public QueueStatus {
        workers = List.copyOf(workers);
    }

    /** Nothing is left to receive or still being worked on: every message was deleted or dead-lettered. */
    public boolean drained() {
        return waiting == 0 && inFlight == 0 && delayed == 0;
    }

    public int invocations() {
        return workers.stream().mapToInt(WorkerStatus::invocations).sum();
    }

    public boolean anyWorkerAlive() {
        return workers.stream().anyMatch(WorkerStatus::alive);
    }

    /** One line for a person watching the run. */
    public String line() {
        String perWorker = workers.stream()
                .map(worker -> worker.name() + " " + worker.invocations() + (worker.alive() ? "" : " (gone)"))
                .collect(Collectors.joining(", "));
        return "queue: " + waiting + " waiting, " + inFlight + " in flight" + (delayed == 0
                ? ""
                : ", " + delayed
                        + " delayed") + ", " + deadLettered + " dead-lettered; invocations done: " + perWorker;
    }
}
