package dev.haul.model;

/**
 * Whether a batch arrives for the first time, again (a queue message received once more after a failure or a
 * timeout), or for the last time (the queue's receive limit is reached: what fails now is dead-lettered, not
 * received again). A redelivered batch reports what it already stored instead of fetching it again.
 */
public enum Delivery {
    FIRST, REDELIVERED, LAST;

    public boolean isRedelivery() {
        return this != FIRST;
    }
}
