package dev.autodiff.core.print;

import dev.autodiff.core.graph.Constant;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The matrix-calculus form of a node, as a textbook (and matrixcalculus.org) writes it: {@code (A + A^T)@x} rather
 * than the gradient graph's {@code (x^T@A)^T@1 + (1@x^T@A^T)^T}.
 *
 * <p>The node is read into a small algebra of its own, never into new graph nodes: a sum of {@link Term}s, each a
 * number times scalar factors times a chain of matrix factors (a leaf, an opaque node, or a parenthesised sum, each
 * maybe transposed). Reading it applies identities that hold for every value, each a named rule below:
 * <ul>
 *   <li>{@code unitSeed}: a number (the gradient's seed {@code 1}, a 1x1 constant) in a product is a coefficient;
 *   <li>{@code transposeToLeaves}: {@code (A B)^T = B^T A^T}, {@code (A + B)^T = A^T + B^T}, {@code (A^T)^T = A};
 *       a column reshaped into a row (or back) is its transpose;
 *   <li>{@code scalarOut}: a 1x1 factor of an elementwise product moves to the front ({@code x*s@x^T = s x x^T});
 *   <li>{@code identityDrops}: an identity constant in a chain of products drops out;
 *   <li>{@code factorCommon}: terms of a sum that share their first or last matrix factor have it taken out
 *       ({@code A^T x + A x = (A^T + A) x});
 *   <li>{@code stackRows}: rows {@code c_i M} stacked with one common {@code M} are {@code C M} with {@code C} the
 *       stacked constants, so a Hessian's rows with one-hot seeds collapse to {@code M};
 *   <li>{@code collectNumbers}: coefficients multiply ({@code 0.5*(X W*2) = X W}); terms equal but for their number
 *       add.
 * </ul>
 * Printing then orders a sum's terms ({@code A} before {@code A^T}) and writes chains of three or more factors
 * right-nested ({@code X^T (X W)}), the order in which a reverse pass multiplies them. Whatever the algebra does
 * not know (elementwise functions, reductions) is an opaque factor, printed with its op's notation and its inputs
 * in textbook form. {@link #toNode} rebuilds a form as nodes, so tests can check that it computes the node's value.
 *
 * <p>Only small graphs are read this way ({@link #MAX_NODES} ancestors); {@link Formula} prints larger ones as
 * they are, so its budget stays the bound on the work.
 */
final class Textbook {
  /** Graphs with more ancestors than this print as they are. */
  static final int MAX_NODES = 400;

  private final Map<Node, List<Term>> memo = new HashMap<>();
  private final Graph scratch;
  private final boolean latex;
  private long charge;
  private final long limit;

  private Textbook(Graph scratch, boolean latex, int maxChars) {
    this.scratch = scratch;
    this.latex = latex;
    this.limit = 16L * maxChars;
  }

  /** A factor of a product: a node (maybe transposed) or a sum in parentheses. */
  sealed interface Factor permits Atom, Paren {}

  /** A leaf or an opaque node, maybe transposed. */
  record Atom(Node node, boolean transposed) implements Factor {}

  /** A sum of two or more terms used as one factor. */
  record Paren(List<Term> terms) implements Factor {}

  /**
   * {@code coeff * scalars[0] * ... * chain[0] @ chain[1] @ ...}: scalar factors have one element, the chain is a
   * matrix product (empty for a scalar term).
   */
  record Term(double coeff, List<Factor> scalars, List<Factor> chain) {
    Term scaled(double c) {
      return new Term(coeff * c, scalars, chain);
    }
  }

  /** The textbook form of {@code node}, or null when it is too big to read or print within {@code maxChars}. */
  static String print(Node node, boolean latex, int maxChars) {
    if (!smallMatrixExpression(node)) {
      return null;
    }
    Textbook t = new Textbook(node.graph(), latex, maxChars);
    try {
      String s = t.render(t.read(node)).text;
      return s.length() <= maxChars ? s : null;
    } catch (TooLong e) {
      return null;
    }
  }

  /**
   * Whether {@code node} has at most {@link #MAX_NODES} ancestors (looked at no further, so a huge graph costs no more
   * than this) and a matrix (more than one element) among them: scalar formulas print as written
   * ({@code exp(w1*x + w0)*w1}), only matrix calculus has a textbook form to reach.
   */
  private static boolean smallMatrixExpression(Node node) {
    Set<Node> seen = new HashSet<>();
    ArrayDeque<Node> todo = new ArrayDeque<>();
    todo.push(node);
    seen.add(node);
    boolean matrix = false;
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      matrix |= n.shape().size() > 1;
      for (int i = 0; i < n.arity(); i++) {
        if (seen.add(n.input(i))) {
          if (seen.size() > MAX_NODES) {
            return false;
          }
          todo.push(n.input(i));
        }
      }
    }
    return matrix;
  }

  /** The form of {@code node} read as terms (for tests: {@link #toNode} of it must compute {@code node}'s value). */
  static List<Term> form(Node node) {
    return new Textbook(node.graph(), false, Formula.DEFAULT_MAX_CHARS).read(node);
  }

  // ---- reading ----

  private List<Term> read(Node n) {
    List<Term> known = memo.get(n);
    if (known != null) {
      return known;
    }
    List<Term> t = readOnce(n);
    memo.put(n, t);
    return t;
  }

  private List<Term> readOnce(Node n) {
    Shape s = n.shape();
    if (n.op() instanceof Constant c && s.size() == 1) {
      return List.of(new Term(c.value().at(0), List.of(), List.of()));  // unitSeed
    }
    if (n.isLeaf()) {
      return opaque(n);
    }
    if (n.op().notation().kind() == Notation.Kind.TRANSPARENT) {
      return read(n.input(0));
    }
    Op.Algebra algebra = n.op().algebra();
    if (algebra == Op.Algebra.PRODUCT) {
      return List.of(product(one(read(n.input(0)), n.input(0)), one(read(n.input(1)), n.input(1))));
    }
    if (algebra == Op.Algebra.TRANSPOSE) {
      return s.size() == 1 ? read(n.input(0)) : transpose(read(n.input(0)));
    }
    if (algebra == Op.Algebra.RESHAPE) {
      Shape in = n.input(0).shape();
      if (in.size() == 1) {
        return read(n.input(0));
      }
      if (!in.isScalar() && (in.rows() == 1 || in.cols() == 1) && s.equals(in.transpose())) {
        return transpose(read(n.input(0)));  // transposeToLeaves: a column reshaped into a row
      }
      return opaque(n);
    }
    if (algebra == Op.Algebra.SUM || algebra == Op.Algebra.DIFFERENCE) {
      if (!n.input(0).shape().equals(s) || !n.input(1).shape().equals(s)) {
        return opaque(n);  // a broadcast sum is not a sum of matrices of one shape
      }
      List<Term> terms = new ArrayList<>(read(n.input(0)));
      if (algebra == Op.Algebra.DIFFERENCE) {
        terms.add(negated(n.input(1)));
      } else {
        terms.addAll(read(n.input(1)));
      }
      return factorCommon(collect(terms));
    }
    if (algebra == Op.Algebra.NEGATION) {
      return List.of(negated(n.input(0)));
    }
    if (algebra == Op.Algebra.ELEMENT_PRODUCT || algebra == Op.Algebra.QUOTIENT) {
      boolean times = algebra == Op.Algebra.ELEMENT_PRODUCT;
      Node a = n.input(0);
      Node b = n.input(1);
      // unitSeed: a matrix filled with one number (a broadcast seed 0.5) multiplies as that number
      Double fa = filled(a);
      Double fb = filled(b);
      // (a sum times a number stays a sum in parentheses: 2*(A@x + b), as the derivative of a square is written)
      if (fb != null && a.shape().equals(s) && (times || fb != 0)) {
        return List.of(one(read(a), a).scaled(times ? fb : 1 / fb));
      }
      if (fa != null && times && b.shape().equals(s)) {
        return List.of(one(read(b), b).scaled(fa));
      }
      if (b.shape().size() == 1 && (a.shape().equals(s) || a.shape().size() == 1)) {
        Term tb = one(read(b), b);
        if (!times) {
          if (!tb.scalars().isEmpty() || !tb.chain().isEmpty() || tb.coeff() == 0) {
            return opaque(n);
          }
          tb = new Term(1 / tb.coeff(), List.of(), List.of());
        }
        return List.of(scalarOut(one(read(a), a), tb));
      }
      if (times && a.shape().size() == 1 && b.shape().equals(s)) {
        return List.of(scalarOut(one(read(b), b), one(read(a), a)));
      }
      return opaque(n);
    }
    if (algebra == Op.Algebra.STACK_ROWS) {
      List<Term> stacked = stackRows(n);
      return stacked != null ? stacked : opaque(n);
    }
    return opaque(n);
  }

  /** {@code -x} as one term: a sum stays in parentheses, as written ({@code w0 - (x + w1)}). */
  private Term negated(Node x) {
    return one(read(x), x).scaled(-1);
  }

  /** The number a constant is filled with, or null. */
  private static Double filled(Node n) {
    if (n.op() instanceof Constant c) {
      double v = c.value().at(0);
      return c.isFilledWith(v) ? v : null;
    }
    return null;
  }

  /** A node the algebra does not look into: a scalar factor if it has one element, else a matrix factor. */
  private static List<Term> opaque(Node n) {
    Atom a = new Atom(n, false);
    return List.of(n.shape().size() == 1 ? new Term(1, List.of(a), List.of()) : new Term(1, List.of(), List.of(a)));
  }

  /** Terms as one term: itself if there is one, else the sum in parentheses as a (scalar or matrix) factor. */
  private static Term one(List<Term> terms, Node of) {
    if (terms.size() == 1) {
      return terms.get(0);
    }
    if (terms.isEmpty()) {
      return new Term(0, List.of(), List.of());
    }
    Paren p = new Paren(terms);
    return of.shape().size() == 1 ? new Term(1, List.of(p), List.of()) : new Term(1, List.of(), List.of(p));
  }

  /** The matrix product of two terms: numbers and scalars multiply, chains join (identityDrops). */
  private static Term product(Term a, Term b) {
    List<Factor> scalars = new ArrayList<>(a.scalars());
    scalars.addAll(b.scalars());
    List<Factor> chain = new ArrayList<>(a.chain());
    chain.addAll(b.chain());
    if (chain.size() > 1) {
      // identityDrops: I drops out of a product, but a product of identities is still I
      List<Factor> kept = new ArrayList<>(chain);
      kept.removeIf(Textbook::isIdentity);
      if (!kept.isEmpty()) {
        chain = kept;
      } else {
        chain = new ArrayList<>(chain.subList(0, 1));
      }
    }
    return new Term(a.coeff() * b.coeff(), List.copyOf(scalars), List.copyOf(chain));
  }

  /**
   * {@code a * b} with {@code b} of one element (scalarOut): b's chain, if it has one, becomes a scalar factor, so
   * that {@code a}'s chain stays a chain.
   */
  private static Term scalarOut(Term a, Term b) {
    if (!b.chain().isEmpty()) {
      b = new Term(1, List.of(new Paren(List.of(b))), List.of());
    }
    return product(a, b);
  }

  private static boolean isIdentity(Factor f) {
    if (f instanceof Atom a && a.node().op() instanceof Constant c && !a.node().shape().isScalar()) {
      Shape s = a.node().shape();
      return s.rows() == s.cols() && c.value().equals(Tensor.identity(s.rows()));
    }
    return false;
  }

  /** transposeToLeaves: {@code (A B)^T = B^T A^T} and {@code (A + B)^T = A^T + B^T}, down to the leaves. */
  private static List<Term> transpose(List<Term> terms) {
    List<Term> out = new ArrayList<>(terms.size());
    for (Term t : terms) {
      List<Factor> chain = new ArrayList<>(t.chain().size());
      for (int i = t.chain().size() - 1; i >= 0; i--) {
        chain.add(transpose(t.chain().get(i)));
      }
      out.add(new Term(t.coeff(), t.scalars(), List.copyOf(chain)));
    }
    return List.copyOf(out);
  }

  private static Factor transpose(Factor f) {
    if (f instanceof Atom a) {
      return new Atom(a.node(), !a.transposed());
    }
    return new Paren(transpose(((Paren) f).terms()));
  }

  /** collectNumbers: terms equal but for their number are one term; terms with the number 0 go. */
  private static List<Term> collect(List<Term> terms) {
    List<Term> out = new ArrayList<>();
    for (Term t : terms) {
      int same = -1;
      for (int i = 0; i < out.size(); i++) {
        Term o = out.get(i);
        if (o.scalars().equals(t.scalars()) && o.chain().equals(t.chain())) {
          same = i;
        }
      }
      if (same < 0) {
        out.add(t);
      } else {
        Term o = out.get(same);
        out.set(same, new Term(o.coeff() + t.coeff(), o.scalars(), o.chain()));
      }
    }
    out.removeIf(t -> t.coeff() == 0);
    return List.copyOf(out);
  }

  /**
   * factorCommon: when every term of a sum has no scalars, the same number and a chain of two or more factors starting
   * (or ending) with one factor, that factor is taken out: {@code A^T x + A x = (A^T + A) x}.
   */
  private static List<Term> factorCommon(List<Term> terms) {
    if (terms.size() < 2) {
      return terms;
    }
    double c = terms.get(0).coeff();
    for (Term t : terms) {
      if (!t.scalars().isEmpty() || t.chain().size() < 2 || t.coeff() != c) {
        return terms;
      }
    }
    for (boolean left : new boolean[] {true, false}) {
      Factor common = end(terms.get(0), left);
      if (terms.stream().allMatch(t -> end(t, left).equals(common))) {
        List<Term> rests = new ArrayList<>();
        for (Term t : terms) {
          List<Factor> ch = t.chain();
          rests.add(new Term(1, List.of(), left ? ch.subList(1, ch.size()) : ch.subList(0, ch.size() - 1)));
        }
        List<Term> inner = factorCommon(rests);
        Term in = inner.size() == 1 ? inner.get(0) : new Term(1, List.of(), List.of(new Paren(inner)));
        Term out = left ? product(new Term(c, List.of(), List.of(common)), in)
            : product(in.scaled(c), new Term(1, List.of(), List.of(common)));
        return List.of(out);
      }
    }
    return terms;
  }

  private static Factor end(Term t, boolean first) {
    return first ? t.chain().get(0) : t.chain().get(t.chain().size() - 1);
  }

  /**
   * stackRows: {@code concat(c_1 M, ..., c_k M, rows) = C M} with {@code C} the constants {@code c_i} stacked; an
   * identity {@code C} drops. A Hessian's rows, each a gradient seeded with a one-hot row, have this form.
   */
  private List<Term> stackRows(Node n) {
    Term rest = null;
    List<Tensor> parts = new ArrayList<>();
    for (int i = 0; i < n.arity(); i++) {
      List<Term> part = read(n.input(i));
      if (part.size() != 1 || part.get(0).chain().isEmpty()) {
        return null;
      }
      Term t = part.get(0);
      if (!(t.chain().get(0) instanceof Atom a) || !(a.node().op() instanceof Constant c)) {
        return null;
      }
      Term r = new Term(t.coeff(), t.scalars(), t.chain().subList(1, t.chain().size()));
      if (rest != null && !rest.equals(r)) {
        return null;
      }
      rest = r;
      parts.add(a.transposed() ? transposed(c.value()) : c.value());
    }
    int cols = parts.get(0).cols();
    int rows = 0;
    List<Double> values = new ArrayList<>();
    for (Tensor p : parts) {
      rows += p.rows();
      for (double v : p.toArray()) {
        values.add(v);
      }
    }
    double[] data = values.stream().mapToDouble(Double::doubleValue).toArray();
    Tensor stacked = Tensor.matrix(rows, cols, data);
    if (rest.chain().isEmpty() || !stacked.equals(Tensor.identity(rows)) || rows != cols) {
      Node constant = scratchConstant(stacked);
      return List.of(product(new Term(1, List.of(), List.of(new Atom(constant, false))), rest));
    }
    return List.of(rest);
  }

  static Tensor transposed(Tensor t) {
    double[] out = new double[t.size()];
    for (int i = 0; i < t.rows(); i++) {
      for (int j = 0; j < t.cols(); j++) {
        out[j * t.rows() + i] = t.get(i, j);
      }
    }
    return Tensor.matrix(t.cols(), t.rows(), out);
  }

  /** A constant for a stacked {@code C}: made in a branch of the graph, so printing never adds to the graph. */
  private Node scratchConstant(Tensor value) {
    return scratch.branch().constant(value);
  }

  // ---- printing ----

  /** A printed piece and how tightly it binds. */
  private record Out(String text, int precedence) {}

  private Out render(List<Term> terms) {
    if (terms.isEmpty()) {
      return out("0", Notation.ATOM);
    }
    if (terms.size() == 1) {
      return render(terms.get(0));
    }
    List<Out> printed = new ArrayList<>();
    for (Term t : terms) {
      printed.add(render(t));
    }
    // A before A^T: terms with fewer transposes first, otherwise in the order the graph has them (a stable sort).
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      order.add(i);
    }
    String mark = latex ? "^{\\top}" : "^T";
    order.sort(Comparator.comparing(i -> printed.get(i).text().split(java.util.regex.Pattern.quote(mark), -1).length));
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < order.size(); k++) {
      Out o = printed.get(order.get(k));
      String text = o.text();
      boolean negative = text.startsWith("-");
      if (k == 0) {
        sb.append(text);
      } else {
        sb.append(negative ? " - " : " + ").append(negative ? text.substring(1) : text);
      }
    }
    return out(sb.toString(), Notation.ADDITIVE);
  }

  private Out render(Term t) {
    if (t.coeff() == 1 && t.scalars().isEmpty() && t.chain().size() == 1) {
      return render(t.chain().get(0));
    }
    List<Out> parts = new ArrayList<>();
    for (Factor f : t.scalars()) {
      parts.add(render(f));
    }
    if (!t.chain().isEmpty()) {
      parts.add(chain(t.chain(), 0));
    }
    double c = t.coeff();
    boolean negative = c < 0;
    double magnitude = Math.abs(c);
    if (parts.isEmpty()) {
      return out(number(c), c < 0 ? Notation.UNARY : Notation.ATOM);
    }
    StringBuilder sb = new StringBuilder(negative ? "-" : "");
    String times = latex ? " " : "*";
    boolean first = true;
    if (magnitude != 1) {
      sb.append(number(magnitude));
      first = false;
    }
    for (Out p : parts) {
      if (!first) {
        sb.append(times);
      }
      boolean paren = p.precedence() < Notation.MULTIPLICATIVE || (!first && p.precedence() == Notation.UNARY);
      sb.append(paren ? open() + p.text() + close() : p.text());
      first = false;
    }
    int prec = negative ? Notation.UNARY
        : parts.size() == 1 && magnitude == 1 ? parts.get(0).precedence() : Notation.MULTIPLICATIVE;
    return out(sb.toString(), prec);
  }

  /** A chain from {@code from} on, right-nested: {@code X^T@(X@W)}. */
  private Out chain(List<Factor> chain, int from) {
    Out head = render(chain.get(from));
    if (from == chain.size() - 1) {
      return head;
    }
    Out tail = chain(chain, from + 1);
    String h = head.precedence() < Notation.POWER_PRECEDENCE && head.precedence() != Notation.ATOM
        ? open() + head.text() + close() : head.text();
    boolean nested = from + 1 < chain.size() - 1 || tail.precedence() < Notation.POWER_PRECEDENCE;
    String tl = nested ? open() + tail.text() + close() : tail.text();
    return out(h + (latex ? " " : "@") + tl, Notation.MULTIPLICATIVE);
  }

  private Out render(Factor f) {
    if (f instanceof Paren p) {
      return render(p.terms());
    }
    Atom a = (Atom) f;
    if (a.transposed() && a.node().op() instanceof Constant c && !a.node().shape().isScalar()
        && c.value().size() <= Pieces.MAX_PRINTED_ELEMENTS) {
      return out(Pieces.values(transposed(c.value()), latex), Notation.ATOM);
    }
    Out base = node(a.node());
    if (!a.transposed()) {
      return base;
    }
    String b = base.precedence() <= Notation.POWER_PRECEDENCE ? open() + base.text() + close() : base.text();
    return out(b + (latex ? "^{\\top}" : "^T"), Notation.POWER_PRECEDENCE);
  }

  /** A leaf or an opaque node: its op's notation, its inputs in textbook form. */
  private Out node(Node n) {
    int prec = Pieces.precedence(n, latex, m -> null);
    if (n.isLeaf()) {
      return out(Pieces.leafText(n, latex), prec);
    }
    Notation no = n.op().notation();
    boolean call = no.kind() == Notation.Kind.FUNCTION || (latex && no.latexTemplate() != null);
    StringBuilder sb = new StringBuilder();
    List<Object> pieces = Pieces.expand(n, latex, m -> null);
    for (int i = 0; i < pieces.size(); i++) {
      Object piece = pieces.get(i);
      if (piece instanceof String s) {
        sb.append(s);
        continue;
      }
      Node child = (Node) piece;
      Out in = render(read(child));
      // Pieces put parentheses where the child as it is needs them; the textbook form may bind less tightly
      boolean paren = !call && in.precedence() < Pieces.precedence(child, latex, m -> null)
          && in.precedence() <= no.precedence();
      sb.append(paren ? open() + in.text() + close() : in.text());
    }
    return out(sb.toString(), prec);
  }

  private Out out(String text, int precedence) {
    charge += text.length();
    if (charge > limit) {
      throw new TooLong();
    }
    return new Out(text, precedence);
  }

  private String open() {
    return latex ? "\\left(" : "(";
  }

  private String close() {
    return latex ? "\\right)" : ")";
  }

  private static String number(double v) {
    return dev.autodiff.core.tensor.TensorFormat.number(v);
  }

  /** Printing went past its budget: the caller prints the node as it is. */
  private static final class TooLong extends RuntimeException {
    TooLong() {
      super(null, null, false, false);
    }
  }

  // ---- checking ----

  /**
   * The terms built back as nodes of {@code g} (the node's graph or a branch of it): what the printed form computes, for
   * tests that compare it with the node's value. A scalar factor multiplies as a rank-0 value.
   */
  static Node toNode(List<Term> terms, Shape shape, Graph g) {
    Node sum = null;
    for (Term t : terms) {
      Node n = toNode(t, shape, g);
      sum = sum == null ? n : sum.plus(n);
    }
    return sum != null ? sum : g.constant(shape, 0);  // every term cancelled: the form prints 0
  }

  private static Node toNode(Term t, Shape shape, Graph g) {
    Node chain = null;
    for (Factor f : t.chain()) {
      Node n = toNode(f, null, g);
      chain = chain == null ? n : chain.matmul(n);
    }
    Node scale = null;
    for (Factor f : t.scalars()) {
      Node n = toNode(f, Shape.scalar(), g).reshape(Shape.scalar());
      scale = scale == null ? n : scale.times(n);
    }
    Node out = chain;
    if (scale != null) {
      out = out == null ? scale : out.times(scale);
    }
    if (out == null) {
      out = g.constant(1);
    }
    out = t.coeff() == 1 ? out : out.times(t.coeff());
    return shape != null && out.shape().size() == shape.size() && !out.shape().equals(shape) ? out.reshape(shape) : out;
  }

  private static Node toNode(Factor f, Shape shape, Graph g) {
    if (f instanceof Atom a) {
      return a.transposed() ? a.node().transpose() : a.node();
    }
    List<Term> terms = ((Paren) f).terms();
    Node sum = null;
    for (Term t : terms) {
      Node n = toNode(t, null, g);
      if (n.shape().size() == 1 && shape != null) {
        n = n.reshape(Shape.scalar());
      }
      sum = sum == null ? n : sum.plus(n);
    }
    return sum;
  }
}
