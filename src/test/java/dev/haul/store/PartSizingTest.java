package dev.haul.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartSizingTest {

    private static final long MIB = 1024 * 1024;

    @ParameterizedTest(name = "configured {0}, length {1} -> {2}")
    @CsvSource(textBlock = """
            8388608,   -1,            8388608
            8388608,   0,             8388608
            8388608,   83886080000,   8388608
            8388608,   83886080001,   8388609
            8388608,   107374182400,  10737419
            1048576,   -1,            5242880
            16777216,  1000,          16777216
            """)
    void partSize_isConfigured_raisedForTenThousandParts_andNeverBelowFiveMiB(long configured, long length,
            long expected) {
        OptionalLong contentLength = length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
        long size = PartSizing.partSize(configured, contentLength);

        assertThat(size).isEqualTo(expected).isGreaterThanOrEqualTo(5 * MIB);
        if (contentLength.isPresent()) {
            assertThat((contentLength.getAsLong() + size - 1) / size).isLessThanOrEqualTo(PartSizing.MAX_PARTS);
        }
    }
}
