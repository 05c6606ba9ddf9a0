package dev.haul.batch;

import java.util.Optional;
import java.util.OptionalLong;

/** Per-batch choices that override configuration: the key prefix and the largest body accepted. */
public record BatchOptions(Optional<String> prefix, OptionalLong maxBytes) {

    public static final BatchOptions NONE = new BatchOptions(Optional.empty(), OptionalLong.empty());
}
