package dev.autodiff.core.viz;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.BackwardPass;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The reverse pass written out the way a lecture does it: the forward values, then "let df = 1", then each node in
 * turn passing its adjoint to its inputs ({@code db = dc/db * dc = exp(b) * 1 = 20.0855}), with fan-out sums shown
 * as they happen ({@code da = 1 + (-3) = -2}).
 *
 * <p>Everything comes from the engine itself: {@link Gradients#backward} gives the steps as graph nodes, and one
 * compiled program evaluates them all, so the numbers in a trace are the numbers {@code grad} computes. The trace
 * differentiates with respect to every parameter and input, or to the nodes given.
 * Render with {@link #toText}, {@link #toMarkdown}, {@link #toLatex}, or
 * {@link Dot#frames} for one DOT picture per step.
 */
public final class BackpropTrace {
  /**
   * What one input receives in one step.
   *
   * @param input the input node
   * @param index its position among the step node's inputs
   * @param partialNode the local partial derivative {@code d node / d input} as a node, for elementwise ops (then the
   *     contribution is {@code partial * upstream}, summed back where the op broadcast); null for other ops, whose
   *     contribution is a vector-Jacobian product
   * @param partial its value, or null
   * @param valueNode the contribution as a node
   * @param value the contribution's value (already in the input's shape)
   * @param before the input's adjoint before this step, or null if this is its first contribution
   * @param after the input's adjoint after it
   */
  public record Contribution(Node input, int index, Node partialNode, Tensor partial, Node valueNode, Tensor value,
      Tensor before, Tensor after) {}

  /**
   * One node's turn.
   *
   * @param number 1-based step number
   * @param node the node passing its adjoint on
   * @param adjointNode its complete adjoint as a node
   * @param adjoint that adjoint's value (the "upstream" gradient of the step)
   * @param contributions what each differentiable input receives, in input order
   */
  public record Step(int number, Node node, Node adjointNode, Tensor adjoint, List<Contribution> contributions) {
    public Step {
      checkNotNull(contributions, "step: contributions are null");
      checkArgument(contributions.stream().noneMatch(java.util.Objects::isNull), "step: a contribution is null");
      contributions = List.copyOf(contributions);
    }
  }

  private final Node output;
  private final Tensor seed;
  private final List<Node> forward;
  private final Map<Node, Tensor> values;
  private final Map<Node, Tensor> adjoints;
  private final Map<Node, Node> adjointNodes;
  private final Map<Node, Integer> contributionCounts;
  private final List<Step> steps;
  /** Rows and columns of a matrix value shown in traces. */
  private static final int PREVIEW = 4;

  private final Names names;

  private BackpropTrace(Node output, Tensor seed, List<Node> forward, Map<Node, Tensor> values,
      Map<Node, Tensor> adjoints, Map<Node, Node> adjointNodes, Map<Node, Integer> contributionCounts,
      List<Step> steps, Names names) {
    this.output = output;
    this.seed = seed;
    this.forward = List.copyOf(forward);
    this.values = Map.copyOf(values);
    this.adjoints = Map.copyOf(adjoints);
    this.adjointNodes = Map.copyOf(adjointNodes);
    this.contributionCounts = Map.copyOf(contributionCounts);
    this.steps = List.copyOf(steps);
    this.names = names;
  }

  /**
   * Traces the reverse pass of a single-element {@code output} at the point given by {@code feeds}, with respect to
   * every parameter and input it depends on (to leave out inputs nobody differentiates with respect to, such as a
   * target, see {@link #of(Node, Feeds, List)}).
   */
  public static BackpropTrace of(Node output, Feeds feeds) {
    checkNotNull(output, "trace: output is null");
    return of(output, scalarSeed(output), feeds, defaultTargets(output));
  }

  /** Traces the reverse pass of a single-element {@code output} with respect to {@code wrt} only. */
  public static BackpropTrace of(Node output, Feeds feeds, List<? extends Node> wrt) {
    checkNotNull(output, "trace: output is null");
    return of(output, scalarSeed(output), feeds, wrt);
  }

  /**
   * Traces the reverse pass of {@code output} seeded with {@code seed} (same shape) at the point {@code feeds}, with
   * respect to every parameter and input it depends on.
   */
  public static BackpropTrace of(Node output, Tensor seed, Feeds feeds) {
    checkNotNull(output, "trace: output is null");
    return of(output, seed, feeds, defaultTargets(output));
  }

  /**
   * Traces the reverse pass of {@code output} seeded with {@code seed} (same shape) at the point {@code feeds}, with
   * respect to the nodes of {@code wrt}: only nodes on a path from one of them to the output get adjoints, so an
   * input nobody differentiates with respect to (a target {@code t}, a sample {@code x}) gets no adjoint, no step
   * and nothing drawn.
   */
  public static BackpropTrace of(Node output, Tensor seed, Feeds feeds, List<? extends Node> wrt) {
    checkNotNull(output, "trace: output is null");
    checkNotNull(seed, "trace: seed is null");
    checkNotNull(feeds, "trace: feeds are null");
    checkNotNull(wrt, "trace: of: wrt is null");
    checkArgument(!wrt.isEmpty(), "trace: of: wrt is empty; give the nodes to differentiate with respect to");
    for (int i = 0; i < wrt.size(); i++) {
      checkNotNull(wrt.get(i), "trace: of: wrt[%s] is null", i);
    }
    checkArgument(seed.shape().equals(output.shape()),
        "trace: seed has shape %s, output %s has %s", seed.shape(), output, output.shape());
    BackwardPass pass = Gradients.backward(output, output.graph().constant(seed), wrt);
    List<Node> forward = Traversal.ancestors(output);

    // The local partials of elementwise ops: the op's VJP applied to ones is the elementwise derivative.
    List<Node[]> partials = new ArrayList<>();
    for (BackwardPass.Step s : pass.steps()) {
      Node n = s.node();
      Node[] p = new Node[n.arity()];
      if (n.op().elementwise()) {
        boolean[] needed = new boolean[n.arity()];
        for (BackwardPass.Contribution c : s.contributions()) {
          needed[c.index()] = true;
        }
        Node[] vjp = n.op().vjp(n.graph().constant(n.shape(), 1.0), n, needed);
        for (int i = 0; i < p.length; i++) {
          p[i] = needed[i] ? vjp[i] : null;
        }
      }
      partials.add(p);
    }

    Set<Node> wanted = new LinkedHashSet<>(forward);
    Map<Node, Node> adjointNodes = new HashMap<>();
    Map<Node, Integer> counts = new HashMap<>();
    wanted.add(pass.seed());
    for (int k = 0; k < pass.steps().size(); k++) {
      BackwardPass.Step s = pass.steps().get(k);
      wanted.add(s.adjoint());
      for (BackwardPass.Contribution c : s.contributions()) {
        wanted.add(c.value());
        wanted.add(c.after());
        counts.merge(c.input(), 1, Integer::sum);
      }
      for (Node p : partials.get(k)) {
        if (p != null) {
          wanted.add(p);
        }
      }
    }
    for (Node n : forward) {
      pass.adjoint(n).ifPresent(a -> {
        adjointNodes.put(n, a);
        wanted.add(a);
      });
    }
    Results r = Program.compile(new ArrayList<>(wanted)).run(feeds);

    Map<Node, Tensor> values = new HashMap<>();
    for (Node n : forward) {
      values.put(n, r.get(n));
    }
    Map<Node, Tensor> adjoints = new HashMap<>();
    adjointNodes.forEach((n, a) -> adjoints.put(n, r.get(a)));
    List<Step> steps = new ArrayList<>();
    for (int k = 0; k < pass.steps().size(); k++) {
      BackwardPass.Step s = pass.steps().get(k);
      List<Contribution> cs = new ArrayList<>();
      for (BackwardPass.Contribution c : s.contributions()) {
        Node p = partials.get(k)[c.index()];
        cs.add(new Contribution(c.input(), c.index(), p, p == null ? null : r.get(p), c.value(), r.get(c.value()),
            c.before() == null ? null : r.get(c.before()), r.get(c.after())));
      }
      steps.add(new Step(k + 1, s.node(), s.adjoint(), r.get(s.adjoint()), cs));
    }
    return new BackpropTrace(output, seed, forward, values, adjoints, adjointNodes, counts, steps, Names.NONE);
  }

  private static Tensor scalarSeed(Node output) {
    checkArgument(output.shape().size() == 1,
        "trace: output %s has shape %s; a non-scalar output needs a seed (of(output, seed, feeds[, wrt]))",
        output, output.shape());
    return Tensor.filled(output.shape(), 1.0);
  }

  /** Every non-constant leaf {@code output} depends on. */
  private static List<Node> defaultTargets(Node output) {
    List<Node> leaves = new ArrayList<>();
    for (Node n : Traversal.ancestors(output)) {
      if (n.isLeaf() && !n.isConstant()) {
        leaves.add(n);
      }
    }
    return leaves;
  }

  /**
   * This trace writing {@code names} for the nodes they name ({@code S1} for the sum of a model's first layer,
   * {@code W1} for its weights), in its text, Markdown and LaTeX and in the drawings made from it; other nodes keep
   * their labels. Adjoints follow: {@code dS1}, {@code dS1/dW1}.
   *
   * @throws IllegalArgumentException when a node or name is null, a name is blank, or two nodes share a name
   */
  public BackpropTrace withNames(Map<? extends Node, String> names) {
    return new BackpropTrace(output, seed, forward, values, adjoints, adjointNodes, contributionCounts, steps,
        Names.of("trace: withNames", names).checkShown("trace: withNames", forward));
  }

  // ---- the data ----

  /** The differentiated output. */
  public Node output() {
    return output;
  }

  /** The seed: the output's own adjoint (1 for a scalar output). */
  public Tensor seed() {
    return seed;
  }

  /** The forward nodes: the output and all its ancestors, in creation (topological) order. */
  public List<Node> forwardNodes() {
    return forward;
  }

  /** The forward value of one of {@link #forwardNodes}. */
  public Tensor value(Node node) {
    checkNotNull(node, "trace: value: node is null");
    Tensor v = values.get(node);
    checkArgument(v != null, "trace: %s is not an ancestor of the output %s", node, output);
    return v;
  }

  /** The final adjoint of {@code node}, or empty when the output does not depend on it through a leaf. */
  public Optional<Tensor> adjoint(Node node) {
    checkNotNull(node, "trace: node is null");
    return Optional.ofNullable(adjoints.get(node));
  }

  /** The final adjoint of {@code node} as a graph node (the same node {@code grad} would give), if any. */
  public Optional<Node> adjointNode(Node node) {
    checkNotNull(node, "trace: node is null");
    return Optional.ofNullable(adjointNodes.get(node));
  }

  /** How many contributions {@code node}'s adjoint is the sum of (more than 1 where the node fans out). */
  public int contributionCount(Node node) {
    checkNotNull(node, "trace: contributionCount: node is null");
    return node == output ? 1 : contributionCounts.getOrDefault(node, 0);
  }

  /** The steps, in the order the engine takes them. */
  public List<Step> steps() {
    return steps;
  }

  // ---- naming ----

  /** The adjoint's symbol as the lecture writes it: {@code dc} for node {@code c}, {@code dS1} for a node shown as S1. */
  String adjointName(Node n) {
    return names.adjoint(n);
  }

  String partialName(Node of, Node wrt) {
    return names.partial(of, wrt);
  }

  String adjointLatex(Node n) {
    return names.adjointLatex(n);
  }

  /** The name this trace writes for {@code n}: its display name, else its label. */
  String name(Node n) {
    return names.of(n);
  }

  Names names() {
    return names;
  }

  /** This trace with {@code over} written over its names. */
  BackpropTrace named(Names over) {
    Names merged = names.with(over).checkShown("trace", forward);
    return merged == names ? this : new BackpropTrace(output, seed, forward, values, adjoints, adjointNodes,
        contributionCounts, steps, merged);
  }

  /** Symbols for formulas inside a trace: forward nodes print as their labels, new nodes expand. */
  Function<Node, String> forwardSymbols(boolean latex) {
    return n -> !n.isConstant() && values.containsKey(n) ? (latex ? names.latex(n) : names.of(n)) : null;
  }

  /** Symbols for a contribution: the step's upstream adjoint prints as {@code d<node>}, forward nodes by label. */
  Function<Node, String> contributionSymbols(Step step, boolean latex) {
    Function<Node, String> fwd = forwardSymbols(latex);
    return n -> n == step.adjointNode() ? (latex ? adjointLatex(step.node()) : adjointName(step.node())) : fwd.apply(n);
  }

  /** The node's own formula in terms of its inputs' labels: {@code exp(b)} for {@code c}. */
  String definition(Node n, boolean latex) {
    return latex ? Formula.latex(n, forwardSymbols(true), 120) : Formula.infix(n, forwardSymbols(false), 120);
  }

  /**
   * The local partial as a formula: another forward node prints as its label ({@code da/dw1 = x}); the step's own
   * node, or a new expression, expands ({@code dc/db = exp(b)}).
   */
  String partialFormula(Step s, Contribution c, boolean latex) {
    Node p = c.partialNode();
    String text;
    if (p != s.node() && !p.isConstant() && values.containsKey(p)) {
      text = latex ? names.latex(p) : names.of(p);
    } else {
      text = latex ? Formula.latex(p, forwardSymbols(true), 120) : Formula.infix(p, forwardSymbols(false), 120);
    }
    return text;
  }

  /** A formula as a factor of a product: in parentheses when it is a sum or a difference. */
  static String factor(String formula, boolean latex) {
    boolean additive = formula.contains(" + ") || formula.contains(" - ");
    if (!additive) {
      return formula;
    }
    return latex ? "\\left(" + formula + "\\right)" : "(" + formula + ")";
  }

  /** Joins pieces with {@code " = "}, dropping a piece equal to the one before it. */
  static String chain(List<String> pieces) {
    StringBuilder b = new StringBuilder();
    String last = null;
    for (String piece : pieces) {
      if (!piece.equals(last)) {
        if (last != null) {
          b.append(" = ");
        }
        b.append(piece);
      }
      last = piece;
    }
    return b.toString();
  }

  String contributionFormula(Step s, Contribution c, boolean latex) {
    return latex ? Formula.latex(c.valueNode(), contributionSymbols(s, true), 160)
        : Formula.infix(c.valueNode(), contributionSymbols(s, false), 160);
  }

  // ---- rendering ----

  /** The trace as plain text: forward values, the seed, each step with its contributions, the final adjoints. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append("Backprop trace of ").append(names.of(output)).append(" = ").append(definition(output, false))
        .append('\n');
    b.append("Forward pass:\n");
    for (Node n : forward) {
      if (n.isConstant()) {
        continue;
      }
      b.append("  ").append(names.of(n));
      if (!n.isLeaf()) {
        b.append(" = ").append(definition(n, false));
      }
      b.append(" = ").append(Numbers.inline(values.get(n), PREVIEW)).append('\n');
    }
    b.append("Backward pass, starting from ").append(adjointName(output)).append(" = ")
        .append(Numbers.inline(seed, PREVIEW)).append(":\n");
    for (Step s : steps) {
      b.append("  ").append(s.number()).append(". ").append(names.of(s.node())).append(" = ")
          .append(definition(s.node(), false)).append(", ").append(adjointName(s.node())).append(" = ")
          .append(Numbers.inline(s.adjoint(), PREVIEW)).append('\n');
      for (Contribution c : s.contributions()) {
        b.append("       ").append(contributionLine(s, c)).append('\n');
      }
    }
    b.append("Adjoints of the leaves:\n");
    for (Node n : forward) {
      if (n.isLeaf() && adjoints.containsKey(n)) {
        b.append("  ").append(adjointName(n)).append(" = ").append(Numbers.inline(adjoints.get(n), PREVIEW))
            .append('\n');
      }
    }
    return b.toString();
  }

  /** {@code db = dc/db * dc = exp(b) * 1 = 20.0855 * 1 = 20.0855}, then the running sum where the input fans out. */
  String contributionLine(Step s, Contribution c) {
    String target = adjointName(c.input());
    String upstream = adjointName(s.node());
    List<String> chain = new ArrayList<>();
    if (c.partialNode() != null) {
      chain.add(partialName(s.node(), c.input()) + " * " + upstream);
      if (!c.partialNode().isConstant()) {
        chain.add(factor(partialFormula(s, c, false), false) + " * " + Numbers.term(s.adjoint(), PREVIEW));
      }
      chain.add(Numbers.term(c.partial(), PREVIEW) + " * " + Numbers.term(s.adjoint(), PREVIEW));
      if (!c.value().shape().equals(s.node().shape())) {
        chain.add("(summed to " + c.value().shape() + ")");
      }
    } else {
      chain.add(contributionFormula(s, c, false));
    }
    chain.add(Numbers.inline(c.value(), PREVIEW));
    StringBuilder line = new StringBuilder(target).append(c.before() == null ? " = " : " += ").append(chain(chain));
    if (c.before() != null) {
      line.append(";  ").append(target).append(" = ").append(Numbers.inline(c.before(), PREVIEW)).append(" + ")
          .append(Numbers.term(c.value(), PREVIEW)).append(" = ").append(Numbers.inline(c.after(), PREVIEW));
    }
    return line.toString();
  }

  /**
   * The backward pass as a Markdown table, one row per contribution: step, node, upstream adjoint, input, local
   * partial, contribution, the input's adjoint before and after.
   */
  public String toMarkdown() {
    StringBuilder b = new StringBuilder();
    b.append("Backward pass of `").append(md(names.of(output) + " = " + definition(output, false)))
        .append("`, starting from `").append(adjointName(output)).append(" = ")
        .append(md(Numbers.inline(seed, PREVIEW))).append("`\n\n");
    b.append("| step | node | upstream | input | local partial | contribution | before | after |\n");
    b.append("|---:|---|---|---|---|---|---|---|\n");
    for (Step s : steps) {
      for (Contribution c : s.contributions()) {
        String partial = c.partialNode() == null ? "VJP"
            : code(chain(List.of(partialName(s.node(), c.input()), partialFormula(s, c, false),
                Numbers.inline(c.partial(), PREVIEW))));
        String contribution = c.partialNode() == null
            ? code(contributionFormula(s, c, false) + " = " + Numbers.inline(c.value(), PREVIEW))
            : code(Numbers.inline(c.value(), PREVIEW));
        b.append("| ").append(s.number())
            .append(" | ").append(code(names.of(s.node()) + " = " + definition(s.node(), false)))
            .append(" | ").append(code(adjointName(s.node()) + " = " + Numbers.inline(s.adjoint(), PREVIEW)))
            .append(" | ").append(code(names.of(c.input())))
            .append(" | ").append(partial)
            .append(" | ").append(contribution)
            .append(" | ").append(c.before() == null ? "" : code(Numbers.inline(c.before(), PREVIEW)))
            .append(" | ").append(code(adjointName(c.input()) + " = " + Numbers.inline(c.after(), PREVIEW)))
            .append(" |\n");
      }
    }
    return b.toString();
  }

  private static String code(String s) {
    return "`" + md(s) + "`";
  }

  private static String md(String s) {
    return s.replace("|", "\\|").replace("`", "'");
  }

  /**
   * The trace as a LaTeX {@code align*} environment (needs {@code amsmath}): the forward values, then one line per
   * contribution, {@code db = \frac{\partial c}{\partial b} \, dc = e^{b} \cdot 1 = 20.0855}.
   */
  public String toLatex() {
    StringBuilder b = new StringBuilder("\\begin{align*}\n");
    for (Node n : forward) {
      if (n.isConstant()) {
        continue;
      }
      b.append(names.latex(n)).append(" &= ");
      if (!n.isLeaf()) {
        b.append(definition(n, true)).append(" = ");
      }
      b.append(Numbers.latex(values.get(n), PREVIEW)).append(" \\\\\n");
    }
    b.append(adjointLatex(output)).append(" &= ").append(Numbers.latex(seed, PREVIEW)).append(" \\\\\n");
    for (Step s : steps) {
      for (Contribution c : s.contributions()) {
        b.append(contributionLatex(s, c, "&")).append(" \\\\\n");
      }
    }
    int end = b.lastIndexOf(" \\\\\n");
    b.replace(end, b.length(), "\n");
    return b.append("\\end{align*}\n").toString();
  }

  /**
   * One contribution in LaTeX, {@code db = \frac{\partial c}{\partial b} \, dc = e^{b} \cdot 1 = 20.0855};
   * {@code align} goes before the relation ({@code &} inside {@code align*}, empty on its own).
   */
  String contributionLatex(Step s, Contribution c, String align) {
    StringBuilder b = new StringBuilder();
    String target = adjointLatex(c.input());
    b.append(target).append(c.before() == null ? " " + align + "= " : " " + align + "\\mathrel{+}= ");
    if (c.partialNode() != null) {
      b.append("\\frac{\\partial ").append(names.latex(s.node())).append("}{\\partial ")
          .append(names.latex(c.input())).append("} \\, ").append(adjointLatex(s.node()))
          .append(" = ").append(factor(partialFormula(s, c, true), true)).append(" \\cdot ")
          .append(Numbers.latexTerm(s.adjoint(), PREVIEW));
    } else {
      b.append(contributionFormula(s, c, true));
    }
    b.append(" = ").append(Numbers.latex(c.value(), PREVIEW));
    if (c.before() != null) {
      b.append(", \\quad ").append(target).append(" = ").append(Numbers.latex(c.after(), PREVIEW));
    }
    return b.toString();
  }

  /** One forward node as text or LaTeX: {@code c = exp(b) = 20.0855}, or {@code x = 1} for a leaf. */
  String forwardLine(Node n, boolean latex) {
    StringBuilder b = new StringBuilder(latex ? names.latex(n) : names.of(n));
    if (!n.isLeaf()) {
      b.append(" = ").append(definition(n, latex));
    }
    return b.append(" = ").append(latex ? Numbers.latex(values.get(n), PREVIEW) : Numbers.inline(values.get(n),
        PREVIEW)).toString();
  }

  /** The seed as text or LaTeX: {@code df = 1}. */
  String seedLine(boolean latex) {
    return latex ? adjointLatex(output) + " = " + Numbers.latex(seed, PREVIEW)
        : adjointName(output) + " = " + Numbers.inline(seed, PREVIEW);
  }
}
