package io.pinpipe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a plan's request files and IAM documents into a directory, then prints every AWS call
 * ({@code --dry-run}) or makes them one by one with the AWS CLI, feeding each call's ARNs into the
 * requests that need them.
 */
public final class DeployRunner {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STEP_VALUE =
      Pattern.compile("\\$\\{step:([a-z0-9-]+)\\.([A-Za-z]+)}");

  private final PrintWriter out;

  public DeployRunner(PrintWriter out) {
    this.out = out;
  }

  public void run(DeployPlan plan, DeploySettings settings, Path directory, boolean dryRun)
      throws IOException, InterruptedException {
    Files.createDirectories(directory);
    for (Map.Entry<String, String> document : DeployPlan.documents(settings).entrySet()) {
      Files.writeString(
          directory.resolve(document.getKey()), document.getValue(), StandardCharsets.UTF_8);
    }
    Map<String, JsonNode> outputs = new HashMap<>();
    int number = 0;
    for (DeployPlan.Step step : plan.steps()) {
      number++;
      if (step.request() != null) {
        String request = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(step.request());
        Files.writeString(
            directory.resolve(step.requestFile()),
            dryRun ? request : fillStepValues(request, outputs),
            StandardCharsets.UTF_8);
      }
      out.printf(
          "%d. %s%n   (cd %s && %s)%n",
          number, step.description(), directory, String.join(" ", step.command()));
      if (!dryRun) {
        outputs.put(step.id(), execute(step, directory));
      }
    }
    if (dryRun) {
      out.println();
      out.println(
          "Dry run: nothing was called. Values written ${step:<id>.<field>} come from the output of that step.");
      out.printf("Request files and IAM documents are in %s%n", directory);
    }
    out.flush();
  }

  private JsonNode execute(DeployPlan.Step step, Path directory)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(step.command())
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("step '" + step.id() + "' failed: " + output.strip());
    }
    return output.isBlank() || !output.strip().startsWith("{")
        ? JSON.createObjectNode()
        : JSON.readTree(output);
  }

  static String fillStepValues(String request, Map<String, JsonNode> outputs) {
    Matcher matcher = STEP_VALUE.matcher(request);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      JsonNode output = outputs.get(matcher.group(1));
      JsonNode value = output == null ? null : output.get(matcher.group(2));
      if (value == null) {
        throw new IllegalStateException(
            "step " + matcher.group(1) + " returned no " + matcher.group(2));
      }
      matcher.appendReplacement(filled, Matcher.quoteReplacement(value.asText()));
    }
    return matcher.appendTail(filled).toString();
  }
}
