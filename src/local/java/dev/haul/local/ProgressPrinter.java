package dev.haul.local;

import java.io.PrintStream;

/**
 * Shows Haul's progress to a person. On a terminal the batch's progress line is redrawn in place, a live bar of bytes,
 * rate and estimates, and each item's outcome is printed above it; elsewhere (a pipe, a CI log) every line is printed
 * as it comes, so the output reads as plain periodic lines.
 */
final class ProgressPrinter {

    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final boolean terminal;
    private boolean barShown;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    synchronized void line(String logLine) {
        // The batch id that every log line carries says nothing here: the run has one batch.
        String line = logLine.replaceFirst(" batch=\\S+$", "");
        boolean progress = line.startsWith("progress: ");
        if (!terminal) {
            out.println("  " + line);
            return;
        }
        if (barShown) {
            out.print(CLEAR_LINE);
        }
        if (progress) {
            out.print("  " + line);
            barShown = true;
        } else {
            out.println("  " + line);
            barShown = false;
        }
        out.flush();
    }

    /** Ends a bar left on screen, before the report is printed below it. */
    synchronized void finish() {
        if (terminal && barShown) {
            out.print(CLEAR_LINE);
            out.flush();
            barShown = false;
        }
    }
}
