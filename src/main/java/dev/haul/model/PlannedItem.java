package dev.haul.model;

/** An item with its place in the batch and the object key it will be stored under. */
public record PlannedItem(int index, FetchItem item, String key) {}
