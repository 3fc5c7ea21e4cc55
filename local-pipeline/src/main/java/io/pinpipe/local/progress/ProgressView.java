package io.pinpipe.local.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Live progress as one block of lines, redrawn in place on a terminal. When the output is not a
 * terminal (CI logs, pipes) it prints the block only every {@link #PLAIN_EVERY} refreshes, so the
 * log stays short.
 */
public final class ProgressView implements AutoCloseable {

  static final int PLAIN_EVERY = 10;

  private final PrintWriter out;
  private final Supplier<List<String>> lines;
  private final boolean terminal;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread renderer;
  private int drawnLines;

  private ProgressView(
      PrintWriter out, Duration interval, Supplier<List<String>> lines, boolean terminal) {
    this.out = out;
    this.lines = lines;
    this.terminal = terminal;
    this.renderer = new Thread(() -> render(interval), "progress");
    this.renderer.setDaemon(true);
  }

  /** Starts redrawing {@code lines} every {@code interval} until closed. */
  public static ProgressView start(
      PrintWriter out, Duration interval, Supplier<List<String>> lines) {
    ProgressView view = new ProgressView(out, interval, lines, System.console() != null);
    view.renderer.start();
    return view;
  }

  private void render(Duration interval) {
    int refreshes = 0;
    try {
      while (!closed.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
        refreshes++;
        if (terminal || refreshes % PLAIN_EVERY == 0) {
          draw();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void draw() {
    List<String> block = lines.get();
    StringBuilder text = new StringBuilder();
    if (terminal && drawnLines > 0) {
      // Move up over the previous block and clear it, so the block refreshes in place.
      text.append("\u001b[").append(drawnLines).append("F\u001b[J");
    }
    for (String line : block) {
      text.append(line).append(System.lineSeparator());
    }
    out.print(text);
    out.flush();
    drawnLines = terminal ? block.size() : 0;
  }

  /** Stops refreshing and draws the final state once. Safe to call twice. */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    try {
      renderer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw();
  }
}
