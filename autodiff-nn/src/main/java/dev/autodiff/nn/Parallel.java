package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.nn.io.LayerCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Branches over the same input, their outputs side by side: {@code [f1(x) | f2(x) | ...]}, as wide as the branches'
 * widths added (Keras' {@code Concatenate} of parallel branches). With a layer after it, a stack: base networks and a
 * combiner fitted on their outputs, trained at once or, with the branches {@link Model#freeze frozen}, the combiner
 * alone.
 */
public final class Parallel implements Layer {
  public static final LayerCodec<Parallel> CODEC = LayerCodec.of("parallel", Parallel.class, (p, out) -> {
    out.writeInt(p.branches.size());
    for (Layer l : p.branches) {
      out.writeLayer(l);
    }
  }, in -> {
    int n = in.readInt("the number of branches", 1, Integer.MAX_VALUE);
    List<Layer> branches = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      branches.add(in.readLayer());
    }
    return new Parallel(branches);
  });

  private final List<Layer> branches;

  public Parallel(List<? extends Layer> branches) {
    checkNotNull(branches, "parallel: branches are null");
    checkArgument(!branches.isEmpty(), "parallel: needs at least one branch");
    for (int i = 0; i < branches.size(); i++) {
      checkNotNull(branches.get(i), "parallel: branch %s is null", i + 1);
    }
    this.branches = List.copyOf(branches);
  }

  public static Parallel of(Layer... branches) {
    checkNotNull(branches, "parallel: branches are null");
    return new Parallel(Arrays.asList(branches));
  }

  public List<Layer> branches() {
    return branches;
  }

  @Override
  public Node forward(Node x, Context ctx) {
    checkNotNull(x, "parallel: input is null");
    checkNotNull(ctx, "parallel: forward: context is null");
    List<Node> outs = new ArrayList<>();
    for (int i = 0; i < branches.size(); i++) {
      try (Graph.Scope s = x.graph().scope("branch" + (i + 1))) {
        outs.add(branches.get(i).forward(x, ctx));
      }
    }
    return outs.size() == 1 ? outs.get(0) : Autodiff.concat(Axis.COLUMNS, outs);
  }

  @Override
  public List<Parameter> parameters() {
    return Layer.parametersOf(branches);
  }

  @Override
  public List<Layer> children() {
    return branches;
  }

  @Override
  public int outputWidth(int inputWidth) {
    long w = 0;
    for (int i = 0; i < branches.size(); i++) {
      try {
        w += branches.get(i).outputWidth(inputWidth);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(String.format("parallel: branch %s (%s) does not take %s inputs: %s", i + 1,
            branches.get(i).describe(), inputWidth, e.getMessage()), e);
      }
    }
    checkArgument(w <= Integer.MAX_VALUE, "parallel: the branches give %s outputs in all, too many", w);
    return (int) w;
  }

  @Override
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Layer l : branches) {
      parts.add(l.describe());
    }
    return "parallel [" + String.join(" | ", parts) + "]";
  }
}
