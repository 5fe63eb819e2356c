package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.io.LayerCodec;
import dev.autodiff.nn.io.ModelFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Several networks over the same inputs, combined: the lecture's "train several ways, then average". A layer whose
 * output is the mean of its members' outputs ({@link Combination#MEAN}: regression outputs, or probabilities from
 * members that end in a softmax) or the mean of their softmax probabilities ({@link Combination#MEAN_PROBABILITIES}:
 * members that output logits). As a layer it goes in a {@link Model} like any other: {@code predict}, {@code
 * summary()} (one row per member), saving and loading as one file, drawing (each member in its scope), and even
 * training all members at once. {@link #vote} gives the classifiers' majority vote instead.
 *
 * <p>The members are layers of one graph, with distinct parameter names: build each with {@code
 * Mlp.builder().graph(g).name("m1")...}, train each model on its own, then combine them with {@link #of(List)}.
 */
public final class Ensemble implements Layer {
  /** How the members' outputs are combined. */
  public enum Combination {
    /** The mean of the members' outputs. */
    MEAN,
    /** The mean of the softmax (over each row) of the members' outputs: for members that output logits. */
    MEAN_PROBABILITIES
  }

  public static final LayerCodec<Ensemble> CODEC = LayerCodec.of("ensemble", Ensemble.class, (e, out) -> {
    out.writeString(e.combination.name());
    out.writeInt(e.inputWidth);
    out.writeInt(e.members.size());
    for (Layer m : e.members) {
      out.writeLayer(m);
    }
  }, in -> {
    String c = in.readString("combination");
    Combination combination;
    try {
      combination = Combination.valueOf(c);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException("ensemble: unknown combination " + c);
    }
    int width = in.readInt("input width", 1, Integer.MAX_VALUE);
    int n = in.readInt("the number of members", 1, Integer.MAX_VALUE);
    List<Layer> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      members.add(in.readLayer());
    }
    try {
      return new Ensemble(width, members, combination);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(e.getMessage());
    }
  });

  private final int inputWidth;
  private final int outputWidth;
  private final List<Layer> members;
  private final Combination combination;
  /** The members as models, for {@link #memberPredictions} and {@link #vote}; made on first use. */
  private volatile List<Model> views;

  /**
   * An ensemble of {@code members}, each taking {@code inputWidth} inputs per sample.
   *
   * @throws IllegalArgumentException when there are no members, a member is null, the members' output widths differ
   *     (naming the first that differs), or their parameters are in different graphs or share a parameter
   */
  public Ensemble(int inputWidth, List<? extends Layer> members, Combination combination) {
    checkArgument(inputWidth > 0, "ensemble: input width must be positive, got %s", inputWidth);
    checkNotNull(members, "ensemble: members are null");
    checkNotNull(combination, "ensemble: combination is null");
    checkArgument(!members.isEmpty(), "ensemble: needs at least one member");
    int width = -1;
    Graph graph = null;
    Set<Parameter> seen = new HashSet<>();
    for (int i = 0; i < members.size(); i++) {
      Layer m = checkNotNull(members.get(i), "ensemble: member %s is null", i + 1);
      int w;
      try {
        w = m.outputWidth(inputWidth);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(String.format("ensemble: member %s (%s) does not take %s inputs: %s", i + 1,
            m.describe(), inputWidth, e.getMessage()), e);
      }
      if (width < 0) {
        width = w;
      }
      checkArgument(w == width, "ensemble: member %s (%s) gives %s outputs for %s inputs, member 1 gives %s", i + 1,
          m.describe(), w, inputWidth, width);
      for (Parameter p : m.parameters()) {
        graph = graph == null ? p.graph() : graph;
        checkArgument(p.graph() == graph,
            "ensemble: member %s's parameter %s is in another graph than member 1's: build the members in one graph "
                + "(Mlp.builder().graph(g).name(...))", i + 1, p.label());
        checkArgument(seen.add(p), "ensemble: member %s shares parameter %s with an earlier member", i + 1, p.label());
      }
    }
    this.inputWidth = inputWidth;
    this.outputWidth = width;
    this.members = List.copyOf(members);
    this.combination = combination;
  }

  /** An ensemble of trained models of one graph with the same input width, combined by {@code combination}. */
  public static Ensemble of(List<Model> models, Combination combination) {
    checkNotNull(models, "ensemble: models are null");
    checkArgument(!models.isEmpty(), "ensemble: needs at least one member");
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      Model m = checkNotNull(models.get(i), "ensemble: model %s is null", i + 1);
      checkArgument(m.inputWidth() == models.get(0).inputWidth(),
          "ensemble: member %s takes %s inputs, member 1 takes %s", i + 1, m.inputWidth(), models.get(0).inputWidth());
      checkArgument(m.graph() == models.get(0).graph(),
          "ensemble: member %s is in another graph than member 1: build the members in one graph "
              + "(Mlp.builder().graph(g).name(...))", i + 1);
      layers.add(m.network());
    }
    return new Ensemble(models.get(0).inputWidth(), layers, combination);
  }

  /** {@link #of(List, Combination)} with {@link Combination#MEAN}. */
  public static Ensemble of(List<Model> models) {
    return of(models, Combination.MEAN);
  }

  /** A model predicting with this ensemble, in the members' graph. */
  public Model model() {
    return new Model(graph(), this, inputWidth);
  }

  private Graph graph() {
    for (Layer m : members) {
      for (Parameter p : m.parameters()) {
        return p.graph();
      }
    }
    throw new IllegalStateException("ensemble: no member has parameters, so there is no graph to build in");
  }

  public List<Layer> members() {
    return members;
  }

  public Combination combination() {
    return combination;
  }

  public int inputWidth() {
    return inputWidth;
  }

  @Override
  public Node forward(Node x, Context ctx) {
    checkNotNull(x, "ensemble: input is null");
    checkNotNull(ctx, "ensemble: forward: context is null");
    Node sum = null;
    for (int i = 0; i < members.size(); i++) {
      Node y;
      try (Graph.Scope s = x.graph().scope("member" + (i + 1))) {
        y = members.get(i).forward(x, ctx);
        if (combination == Combination.MEAN_PROBABILITIES) {
          y = y.softmax(Axis.COLUMNS);
        }
      }
      sum = sum == null ? y : sum.plus(y);
    }
    return members.size() == 1 ? sum : sum.div(members.size());
  }

  /** Each member's own outputs for {@code batch} (its logits, for {@link Combination#MEAN_PROBABILITIES}). */
  public List<Tensor> memberPredictions(Tensor batch) {
    checkNotNull(batch, "ensemble: batch is null");
    List<Tensor> out = new ArrayList<>();
    for (Model m : views()) {
      out.add(m.predict(batch));
    }
    return out;
  }

  /**
   * The classifiers' majority vote for each row of {@code batch}: each member votes for the column of its largest
   * output (the first such column when its own outputs tie). Classes with the same number of votes are separated by
   * the members' summed outputs for them, and, if those tie too, the lowest class index wins: the result depends on
   * nothing but the members' outputs.
   */
  public int[] vote(Tensor batch) {
    List<Tensor> outs = memberPredictions(batch);
    int rows = batch.rows();
    int[] winners = new int[rows];
    for (int r = 0; r < rows; r++) {
      int[] votes = new int[outputWidth];
      double[] sums = new double[outputWidth];
      for (Tensor t : outs) {
        int best = 0;
        for (int c = 0; c < outputWidth; c++) {
          sums[c] += t.get(r, c);
          if (t.get(r, c) > t.get(r, best)) {
            best = c;
          }
        }
        votes[best]++;
      }
      int win = 0;
      for (int c = 1; c < outputWidth; c++) {
        if (votes[c] > votes[win] || (votes[c] == votes[win] && sums[c] > sums[win])) {
          win = c;
        }
      }
      winners[r] = win;
    }
    return winners;
  }

  private List<Model> views() {
    List<Model> v = views;
    if (v == null) {
      Graph g = graph();
      List<Model> made = new ArrayList<>();
      for (Layer m : members) {
        made.add(new Model(g, m, inputWidth));
      }
      views = v = List.copyOf(made);
    }
    return v;
  }

  @Override
  public List<Parameter> parameters() {
    return Layer.parametersOf(members);
  }

  @Override
  public List<Layer> children() {
    return members;
  }

  @Override
  public int outputWidth(int inputWidth) {
    checkArgument(inputWidth == this.inputWidth, "ensemble: takes %s inputs per sample, got %s", this.inputWidth,
        inputWidth);
    return outputWidth;
  }

  @Override
  public String describe() {
    return "ensemble of " + members.size() + " (" + combination.name().toLowerCase(Locale.ROOT)
        .replace('_', ' ') + ")";
  }
}
