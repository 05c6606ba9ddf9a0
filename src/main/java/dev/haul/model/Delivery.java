package dev.haul.model;

/**
 * Whether a batch arrives for the first time or again (a queue message received once more after a failure or a
 * timeout). A redelivered batch reports what it already stored instead of fetching it again.
 */
public enum Delivery {
    FIRST, REDELIVERED
}
