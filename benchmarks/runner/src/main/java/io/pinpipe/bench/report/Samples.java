package io.pinpipe.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values of every figure as the runs produce them, in the order they were first seen. */
public final class Samples {

  private record Key(String unit, boolean higherIsBetter) {}

  private final Map<String, Key> keys = new LinkedHashMap<>();
  private final Map<String, List<Double>> values = new LinkedHashMap<>();

  /** Adds one run's value of a throughput-like figure (higher is better). */
  public void higher(String name, String unit, double value) {
    add(name, unit, true, value);
  }

  /** Adds one run's value of a cost-like figure (latency, memory: lower is better). */
  public void lower(String name, String unit, double value) {
    add(name, unit, false, value);
  }

  private void add(String name, String unit, boolean higherIsBetter, double value) {
    Key key = new Key(unit, higherIsBetter);
    Key known = keys.putIfAbsent(name, key);
    if (known != null && !known.equals(key)) {
      throw new IllegalArgumentException(
          name + " was measured in " + known.unit() + ", now in " + unit);
    }
    values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Figure figure(String name) {
    Key key = keys.get(name);
    if (key == null) {
      throw new IllegalArgumentException("no runs of " + name);
    }
    return Figure.of(name, key.unit(), key.higherIsBetter(), values.get(name));
  }

  public List<Figure> figures() {
    return keys.keySet().stream().map(this::figure).toList();
  }
}
