package dev.haul.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** On a terminal the progress line is a bar redrawn in place; elsewhere every line is printed as it came. */
class ProgressPrinterTest {

    @Test
    void onATerminal_theProgressLineIsRedrawn_andOutcomesArePrintedAboveIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);

        printer.line("progress: 0/2 done, 1.0 MiB received at 1.0 MiB/s");
        printer.line("progress: 0/2 done, 2.0 MiB received at 1.0 MiB/s");
        printer.line("[1/2] stored http://h/a");
        printer.finish();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "  progress: 0/2 done, 1.0 MiB received at 1.0 MiB/s"
                        + "\r\033[K  progress: 0/2 done, 2.0 MiB received at 1.0 MiB/s"
                        + "\r\033[K  [1/2] stored http://h/a\n");
    }

    @Test
    void elsewhere_everyLineIsPrinted() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

        printer.line("progress: 0/1 done, 1.0 MiB received at 1.0 MiB/s");
        printer.line("[1/1] stored http://h/a batch=20261201T124413Z-35b56b1522");
        printer.finish();

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "  progress: 0/1 done, 1.0 MiB received at 1.0 MiB/s", "  [1/1] stored http://h/a");
    }
}
