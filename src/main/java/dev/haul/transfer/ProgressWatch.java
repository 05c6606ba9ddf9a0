package dev.haul.transfer;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Told when an item's body starts arriving (again, after a restart), so that a batch can say how many bytes have come
 * while they flow. {@code received} is read from another thread; it may lag a chunk behind, never more.
 */
@FunctionalInterface
public interface ProgressWatch {

    ProgressWatch NONE = (declaredLength, received) -> {};

    void receiving(OptionalLong declaredLength, LongSupplier received);
}
