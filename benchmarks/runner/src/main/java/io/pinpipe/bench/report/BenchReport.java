package io.pinpipe.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a benchmark run found: every figure, the ratios that compare ours with the alternatives, the
 * machine, the command. Written as a table for people ({@code BENCHMARKS.md}) and as JSON for tools
 * ({@code benchmarks.json}).
 */
public final class BenchReport {

  private final String command;
  private final Machine machine;
  private final Map<String, Object> settings;
  private final List<Figure> figures;
  private final List<Ratio> ratios;
  private final List<String> notes;
  private final Instant finished;

  public BenchReport(
      String command,
      Machine machine,
      Map<String, Object> settings,
      List<Figure> figures,
      List<Ratio> ratios,
      List<String> notes,
      Instant finished) {
    this.command = command;
    this.machine = machine;
    this.settings = new LinkedHashMap<>(settings);
    this.figures = List.copyOf(figures);
    this.ratios = List.copyOf(ratios);
    this.notes = List.copyOf(notes);
    this.finished = finished.truncatedTo(ChronoUnit.SECONDS);
  }

  public List<Figure> figures() {
    return figures;
  }

  public List<Ratio> ratios() {
    return ratios;
  }

  /**
   * The JSON tools read: {@code figures} as name, unit, median, min, max; {@code ratios} by name.
   */
  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("finished", finished.toString());
    json.put(
        "machine",
        Map.of(
            "cpu",
            machine.cpu(),
            "cores",
            machine.cores(),
            "memory_mb",
            machine.memoryMb(),
            "os",
            machine.os(),
            "java",
            machine.java()));
    json.put("settings", settings);
    List<Map<String, Object>> figureList = new ArrayList<>();
    for (Figure figure : figures) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", figure.name());
      f.put("unit", figure.unit());
      f.put("median", round(figure.median()));
      f.put("min", round(figure.min()));
      f.put("max", round(figure.max()));
      f.put("runs", figure.runs());
      figureList.add(f);
    }
    json.put("figures", figureList);
    Map<String, Object> ratioMap = new LinkedHashMap<>();
    Map<String, Object> ratioDetail = new LinkedHashMap<>();
    for (Ratio ratio : ratios) {
      ratioMap.put(ratio.name(), round(ratio.value()));
      ratioDetail.put(
          ratio.name(),
          Map.of(
              "ours",
              ratio.ours(),
              "theirs",
              ratio.theirs(),
              "target",
              ratio.target(),
              "met",
              ratio.met()));
    }
    json.put("ratios", ratioMap);
    json.put("ratio_details", ratioDetail);
    json.put("notes", notes);
    return json;
  }

  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append(
        "Measured side by side in one run on one machine; each figure is the median of its runs, with min and max.\n");
    md.append(
        "Absolute figures drift on shared machines: compare the ratios. How each figure is measured: ");
    md.append("[benchmarks/README.md](benchmarks/README.md). Reproduce with:\n\n");
    md.append("```bash\n").append(command).append("\n```\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Machine: %s, %d cores, %,d MB; %s; %s. Finished %s.%n%n",
            machine.cpu(),
            machine.cores(),
            machine.memoryMb(),
            machine.os(),
            machine.java(),
            finished));
    md.append("## Ratios (ours / theirs, higher is better)\n\n");
    md.append("| ratio | ours | theirs | value | target | met |\n|---|---|---|---:|---:|---|\n");
    for (Ratio ratio : ratios) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.2f | %s | %s |%n",
              ratio.name(),
              ratio.ours(),
              ratio.theirs(),
              ratio.value(),
              ratio.target() > 0 ? String.format(Locale.ROOT, "≥ %.2f", ratio.target()) : "-",
              ratio.target() > 0 ? (ratio.met() ? "yes" : "**no**") : "-"));
    }
    md.append(
        "\n## Figures\n\n| figure | unit | median | min | max | runs |\n|---|---|---:|---:|---:|---:|\n");
    for (Figure figure : figures) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %d |%n",
              figure.name(),
              figure.unit(),
              format(figure.median()),
              format(figure.min()),
              format(figure.max()),
              figure.runs()));
    }
    md.append("\n## Settings\n\n");
    settings.forEach(
        (key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      notes.forEach(note -> md.append("- ").append(note).append('\n'));
    }
    return md.toString();
  }

  /** The table printed on the terminal at the end of a run. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT, "%-46s %-9s %12s %12s %12s%n", "figure", "unit", "median", "min", "max"));
    for (Figure figure : figures) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-46s %-9s %12s %12s %12s%n",
              figure.name(),
              figure.unit(),
              format(figure.median()),
              format(figure.min()),
              format(figure.max())));
    }
    out.append('\n');
    for (Ratio ratio : ratios) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-46s %6.2f%s%n",
              ratio.name(),
              ratio.value(),
              ratio.target() > 0
                  ? String.format(
                      Locale.ROOT,
                      "  (target ≥ %.2f: %s)",
                      ratio.target(),
                      ratio.met() ? "met" : "NOT met")
                  : ""));
    }
    return out.toString();
  }

  /** Writes {@code BENCHMARKS.md} and {@code benchmarks.json} into {@code directory}. */
  public void write(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("BENCHMARKS.md"), markdown(), StandardCharsets.UTF_8);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(
        directory.resolve("benchmarks.json"),
        mapper.writeValueAsString(json()) + "\n",
        StandardCharsets.UTF_8);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static String format(double value) {
    return Math.abs(value) >= 100
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
