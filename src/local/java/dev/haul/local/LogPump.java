package dev.haul.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.haul.model.ItemStatus;

/**
 * Copies the child's output to its log file as it arrives, keeps the last lines for an error message, and hands each
 * per-URL progress line ({@code [3/40] stored ...}, {@code [4/40] failed ...}) to a listener, from the counter on,
 * so the user sees progress without the log's timestamps and logger names.
 */
final class LogPump {

    /** A per-URL outcome line, whatever the outcome: every {@link ItemStatus} is matched. */
    private static final Pattern PROGRESS = Pattern.compile("\\[\\d+/\\d+] ("
            + Arrays.stream(ItemStatus.values()).map(ItemStatus::json).collect(Collectors.joining("|")) + ") .*"
            // ... and the batch's periodic progress line, bytes and rate so far.
            + "|progress: .*");
    private static final int TAIL_LINES = 30;

    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private LogPump() {}

    /** Starts pumping {@code output} into {@code log} on a daemon thread. */
    static LogPump start(InputStream output, Path log, Consumer<String> progress) throws IOException {
        LogPump pump = new LogPump();
        Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread thread = new Thread(() -> pump.copy(output, file, progress), "haul-log");
        thread.setDaemon(true);
        thread.start();
        return pump;
    }

    /** Completes once the child's output has ended and every line is in the log. */
    CompletableFuture<Void> drained() {
        return drained;
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    private void copy(InputStream output, Writer file, Consumer<String> progress) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
                file) {
            for (String line; (line = lines.readLine()) != null;) {
                file.write(line);
                file.write('\n');
                file.flush();
                remember(line);
                Matcher matcher = PROGRESS.matcher(line);
                if (matcher.find()) {
                    progress.accept(matcher.group());
                }
            }
            drained.complete(null);
        } catch (IOException e) {
            drained.completeExceptionally(e);
        }
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }
}
