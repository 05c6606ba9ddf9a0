package dev.haul.batch;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Per-batch choices: a key prefix below the data prefix, a lower limit on body size, and whether an item may replace
 * an object that another source stored at its key.
 */
public record BatchOptions(Optional<String> prefix, OptionalLong maxBytes, boolean overwrite) {

    public static final BatchOptions NONE = new BatchOptions(Optional.empty(), OptionalLong.empty(), false);
}
