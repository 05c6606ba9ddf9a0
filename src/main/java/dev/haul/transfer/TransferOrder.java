package dev.haul.transfer;

import java.util.OptionalLong;

import dev.haul.model.Deadline;
import dev.haul.model.Delivery;
import dev.haul.model.PlannedItem;

/**
 * One URL to carry, with what its batch decided for it: where it goes, the batch's own size limit, whether it may
 * replace another source's object, when the invocation must report, whether the batch has run before, and whom
 * to tell as its body arrives.
 */
public record TransferOrder(PlannedItem planned, String batchId, OptionalLong batchMaxBytes, boolean overwrite,
        Deadline deadline, Delivery delivery, ProgressWatch watch) {

    public TransferOrder(PlannedItem planned, String batchId, OptionalLong batchMaxBytes, boolean overwrite,
            Deadline deadline, Delivery delivery) {
        this(planned, batchId, batchMaxBytes, overwrite, deadline, delivery, ProgressWatch.NONE);
    }

    boolean redelivered() {
        return delivery.isRedelivery();
    }
}
