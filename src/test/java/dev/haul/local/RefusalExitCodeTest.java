package dev.haul.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finding 12 (local tool): a list over the item limit (Haul answers 413) made {@code haul-local} exit 3, "could not
 * run", rather than 2, "bad input". The exit code follows the problem's status: the input's fault or not.
 */
class RefusalExitCodeTest {

    @ParameterizedTest(name = "problem {0} -> exit {1}")
    @CsvSource({"400, 2", "413, 2", "415, 2", "500, 3", "503, 3"})
    void refusal_exitsAsTheProblemsStatusSays(int status, int exitCode) {
        assertThat(LocalRun.refusalExitCode(status)).isEqualTo(exitCode);
    }
}
