package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.io.ModelFile;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Ensemble}: checked against the members' own predictions, recombined by hand. */
class EnsembleTest {
  static List<Model> members(Graph g, int k) {
    List<Model> models = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      models.add(Mlp.builder().graph(g).name("m" + (i + 1)).inputs(3).hidden(4, Activation.TANH)
          .outputs(2, Activation.IDENTITY).init(Init.xavier()).seed(10 + i).build());
    }
    return models;
  }

  static Tensor batch(int rows, long seed) {
    Random r = new Random(seed);
    double[] v = new double[rows * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return Tensor.matrix(rows, 3, v);
  }

  @Test
  void theMeanIsTheAverageOfTheMembersPredictions() {
    Graph g = Graph.create();
    List<Model> models = members(g, 3);
    Model ensemble = Ensemble.of(models).model();
    Tensor x = batch(5, 1);
    Tensor got = ensemble.predict(x);
    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < 2; c++) {
        double sum = 0;
        for (Model m : models) {
          sum += m.predict(x).get(r, c);
        }
        assertEquals(sum / 3, got.get(r, c), 1e-15);
      }
    }
    Ensemble e = (Ensemble) ensemble.network();
    List<Tensor> each = e.memberPredictions(x);
    for (int i = 0; i < 3; i++) {
      assertEquals(models.get(i).predict(x), each.get(i), "member " + (i + 1) + " alone");
    }
  }

  @Test
  void meanProbabilitiesAveragesEachMembersSoftmax() {
    Graph g = Graph.create();
    List<Model> models = members(g, 2);
    Model ensemble = Ensemble.of(models, Ensemble.Combination.MEAN_PROBABILITIES).model();
    Tensor x = batch(4, 2);
    Tensor got = ensemble.predict(x);
    for (int r = 0; r < 4; r++) {
      double[] mean = new double[2];
      for (Model m : models) {
        Tensor logits = m.predict(x);
        double a = logits.get(r, 0);
        double b = logits.get(r, 1);
        double max = Math.max(a, b);
        double z = Math.exp(a - max) + Math.exp(b - max);
        mean[0] += Math.exp(a - max) / z / 2;
        mean[1] += Math.exp(b - max) / z / 2;
      }
      assertArrayEquals(mean, new double[] {got.get(r, 0), got.get(r, 1)}, 1e-15);
    }
  }

  /** Member i is a dense layer 1 -> 3 without activation whose weights are {@code w[i]}, bias 0. */
  static Ensemble fixed(double[][] w) {
    Graph g = Graph.create();
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < w.length; i++) {
      Dense d = new Dense(g, "d" + i, 1, 3, Init.zeros(), new Random(0));
      d.parameters().get(0).set(Tensor.matrix(1, 3, w[i]));
      layers.add(d);
    }
    return new Ensemble(1, layers, Ensemble.Combination.MEAN);
  }

  @Test
  void theVoteIsTheMajorityAndTiesAreBrokenDeterministically() {
    Tensor one = Tensor.matrix(1, 1, 1);
    // two votes for class 2 beat one for class 0, although class 0's output is far larger
    assertArrayEquals(new int[] {2}, fixed(new double[][] {{9, 0, 0}, {0, 0, 1}, {0, 0.5, 1}}).vote(one));
    // one vote each for classes 0 and 1: the larger summed output (class 1: 2 against 1) wins
    assertArrayEquals(new int[] {1}, fixed(new double[][] {{1, 0, 0}, {0, 2, 0}}).vote(one));
    // and when those tie too, the lowest class index
    assertArrayEquals(new int[] {0}, fixed(new double[][] {{1, 0, 0}, {0, 1, 0}}).vote(one));
    assertArrayEquals(new int[] {1}, fixed(new double[][] {{0, 1, 0}, {0, 0, 1}}).vote(one));
    // a member whose own outputs tie votes for the first of them
    assertArrayEquals(new int[] {0}, fixed(new double[][] {{1, 1, 1}}).vote(one));
    // rows vote independently: x = -1 flips every member's preference
    assertArrayEquals(new int[] {2, 0},
        fixed(new double[][] {{0, 0, 1}, {-1, 0, 2}}).vote(Tensor.matrix(2, 1, 1, -1)));
  }

  @Test
  void savedAndLoadedAsOneFileBitForBit(@TempDir Path dir) throws Exception {
    Graph g = Graph.create();
    List<Model> models = members(g, 3);
    Random r = new Random(5);
    double[][] xs = new double[20][3];
    double[][] ys = new double[20][2];
    for (int i = 0; i < 20; i++) {
      for (int j = 0; j < 3; j++) {
        xs[i][j] = r.nextGaussian();
      }
      ys[i][xs[i][0] > 0 ? 0 : 1] = 1;
    }
    for (Model m : models) {
      Trainer.builder(m).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.01)).epochs(3)
          .batchSize(5).seed(1).build().fit(Dataset.of(xs, ys));
    }
    Model ensemble = Ensemble.of(models, Ensemble.Combination.MEAN_PROBABILITIES).model();
    Path file = dir.resolve("ensemble.adnn");
    ModelFile.save(ensemble, file);
    Model back = ModelFile.load(file);
    Ensemble e = assertInstanceOf(Ensemble.class, back.network());
    assertEquals(3, e.members().size());
    assertEquals(Ensemble.Combination.MEAN_PROBABILITIES, e.combination());
    Tensor x = batch(7, 3);
    assertEquals(ensemble.predict(x), back.predict(x), "bit for bit");
    assertArrayEquals(((Ensemble) ensemble.network()).vote(x), e.vote(x));
    assertEquals(ensemble.summary(), back.summary());
  }

  @Test
  void theSummaryListsTheMembers() {
    Model ensemble = Ensemble.of(members(Graph.create(), 2)).model();
    String s = ensemble.summary();
    assertTrue(s.contains("member1 (Sequential)") && s.contains("member2 (Sequential)"), s);
    assertTrue(s.contains("Output: ensemble of 2 (mean)"), s);
    assertTrue(s.contains("Total params: 52"), s);  // 2 x (3*4 + 4 + 4*2 + 2) = 2 x 26
  }

  @Test
  void membersThatDoNotFitAreRefusedNamingThem() {
    Graph g = Graph.create();
    Model two = Mlp.builder().graph(g).name("a").inputs(3).outputs(2, Activation.IDENTITY).build();
    Model three = Mlp.builder().graph(g).name("b").inputs(3).outputs(3, Activation.IDENTITY).build();
    IllegalArgumentException widths = assertThrows(IllegalArgumentException.class,
        () -> Ensemble.of(List.of(two, three)));
    assertTrue(widths.getMessage().contains("member 2 (") && widths.getMessage().contains("gives 3 outputs")
        && widths.getMessage().contains("member 1 gives 2"), widths.getMessage());
    Model wider = Mlp.builder().graph(g).name("c").inputs(4).outputs(2, Activation.IDENTITY).build();
    IllegalArgumentException inputs = assertThrows(IllegalArgumentException.class,
        () -> Ensemble.of(List.of(two, wider)));
    assertTrue(inputs.getMessage().contains("member 2 takes 4 inputs, member 1 takes 3"), inputs.getMessage());
    Model elsewhere = Mlp.builder().inputs(3).outputs(2, Activation.IDENTITY).build();
    IllegalArgumentException graphs = assertThrows(IllegalArgumentException.class,
        () -> Ensemble.of(List.of(two, elsewhere)));
    assertTrue(graphs.getMessage().contains("member 2 is in another graph"), graphs.getMessage());
    IllegalArgumentException shared = assertThrows(IllegalArgumentException.class,
        () -> new Ensemble(3, List.of(two.network(), two.network()), Ensemble.Combination.MEAN));
    assertTrue(shared.getMessage().contains("member 2 shares parameter a.hidden1.W") 
        || shared.getMessage().contains("member 2 shares parameter a.output.W"), shared.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Ensemble.of(List.of()));
  }

  @Test
  void aStackIsItsBranchesSideBySideAndFrozenBranchesStayPut(@TempDir Path dir) throws Exception {
    Graph g = Graph.create();
    List<Model> bases = members(g, 2);
    Dense combiner = new Dense(g, "combiner", 4, 2, Init.xavier(), new Random(3));
    Parallel branches = Parallel.of(bases.get(0).network(), bases.get(1).network());
    Model stack = new Model(g, Sequential.of(branches, combiner), 3);
    assertEquals(4, branches.outputWidth(3));
    Tensor x = batch(6, 4);
    // by hand: [y1 | y2] W + b
    Tensor y1 = bases.get(0).predict(x);
    Tensor y2 = bases.get(1).predict(x);
    Tensor w = combiner.parameters().get(0).value();
    Tensor b = combiner.parameters().get(1).value();
    Tensor got = stack.predict(x);
    for (int r = 0; r < 6; r++) {
      for (int c = 0; c < 2; c++) {
        double v = b.get(0, c);
        for (int k = 0; k < 2; k++) {
          v += y1.get(r, k) * w.get(k, c) + y2.get(r, k) * w.get(2 + k, c);
        }
        assertEquals(v, got.get(r, c), 1e-14);
      }
    }
    stack.freeze(branches);
    List<Tensor> before = new ArrayList<>();
    for (var p : branches.parameters()) {
      before.add(p.value());
    }
    double[][] xs = new double[12][3];
    double[][] ys = new double[12][2];
    for (int i = 0; i < 12; i++) {
      xs[i] = batch(1, 100 + i).toArray();
      ys[i][i % 2] = 1;
    }
    Trainer.builder(stack).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.05)).epochs(5)
        .batchSize(4).seed(2).build().fit(Dataset.of(xs, ys));
    for (int i = 0; i < before.size(); i++) {
      assertEquals(before.get(i), branches.parameters().get(i).value(), "frozen branch weights are bit-identical");
    }
    assertTrue(!w.equals(combiner.parameters().get(0).value()), "the combiner learned");
    Path file = dir.resolve("stack.adnn");
    ModelFile.save(stack, file);
    assertEquals(stack.predict(x), ModelFile.load(file).predict(x));
  }

  /** Layers made of others report their parts' biases (what weight penalties leave out), in order, each once. */
  @Test
  void compositesReportTheirPartsBiases() {
    Graph g = Graph.create();
    List<Model> models = members(g, 2);
    List<dev.autodiff.core.graph.Parameter> want = new ArrayList<>();
    for (Model m : models) {
      for (Layer l : ((Sequential) m.network()).layers()) {
        if (l instanceof Dense d) {
          want.add(d.bias());
        }
      }
    }
    assertEquals(want.subList(0, 2), models.get(0).network().biases());
    assertEquals(want, Ensemble.of(models).biases());
    assertEquals(want, new Parallel(List.of(models.get(0).network(), models.get(1).network())).biases());
  }
}
