package io.kiln.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Operation types with their proportions; picks one from a uniform number in [0, 1). */
public final class OperationMix {

  private final OpType[] types;
  private final double[] cumulative;
  private final Map<OpType, Double> proportions;

  public OperationMix(Map<OpType, Double> proportions) {
    double sum = proportions.values().stream().mapToDouble(Double::doubleValue).sum();
    if (proportions.isEmpty() || sum <= 0 || proportions.values().stream().anyMatch(p -> p < 0)) {
      throw new IllegalArgumentException("an operation mix needs non-negative proportions summing above 0: " + proportions);
    }
    this.proportions = Collections.unmodifiableMap(new EnumMap<>(proportions));
    List<OpType> ts = new ArrayList<>();
    List<Double> cs = new ArrayList<>();
    double acc = 0;
    for (Map.Entry<OpType, Double> e : this.proportions.entrySet()) {
      if (e.getValue() > 0) {
        acc += e.getValue() / sum;
        ts.add(e.getKey());
        cs.add(acc);
      }
    }
    types = ts.toArray(new OpType[0]);
    cumulative = cs.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The operation for {@code u}, a uniform number in [0, 1). */
  public OpType pick(double u) {
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (u < cumulative[i]) {
        return types[i];
      }
    }
    return types[types.length - 1];
  }

  public Map<OpType, Double> proportions() {
    return proportions;
  }
}
