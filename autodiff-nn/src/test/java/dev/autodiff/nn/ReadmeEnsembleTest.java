package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The README's ensemble and stacking example, compiled and run as written, checked by recomputation. */
class ReadmeEnsembleTest {
  record Built(List<Model> members, Model averaged, Ensemble ensemble, Model stack, Tensor x, Tensor p) {}

  static Built build() {
    // README-ENSEMBLE-BEGIN
    Graph g = Graph.create();                                // the members share one graph, each under its name
    Dataset xor = Dataset.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
        new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}});  // one-hot classes
    List<Model> members = new ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {                  // the same MLP from three seeds
      Model m = Mlp.builder().graph(g).name("m" + seed).inputs(2).hidden(4, Activation.TANH)
          .outputs(2, Activation.IDENTITY).seed(seed).build();
      Trainer.builder(m).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.05))
          .batchSize(4).epochs(200).seed(seed).build().fit(xor);
      members.add(m);
    }
    Ensemble ensemble = Ensemble.of(members, Ensemble.Combination.MEAN_PROBABILITIES);
    Model averaged = ensemble.model();                       // predict, summary(), save and load: a model
    Tensor x = Tensor.matrix(new double[][] {{0, 1}, {1, 1}});
    Tensor p = averaged.predict(x);                          // the mean of the members' softmax probabilities
    List<Tensor> logits = ensemble.memberPredictions(x);     // each member's own outputs
    int[] classes = ensemble.vote(x);                        // the majority vote: [1, 0]

    Parallel bases = new Parallel(List.of(members.get(0).network(), members.get(1).network()));
    Dense combiner = new Dense(g, "combiner", 4, 2, Init.xavier(), new Random(4));  // 2 + 2 outputs in
    Model stack = new Model(g, Sequential.of(bases, combiner), 2);
    stack.freeze(bases);                                     // stacking: only the combiner is fitted
    Trainer.builder(stack).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.05))
        .batchSize(4).epochs(100).seed(1).build().fit(xor);
    // README-ENSEMBLE-END
    return new Built(members, averaged, ensemble, stack, x, p);
  }

  @Test
  void theEnsembleAveragesTheMembersAndTheStackFitsOnlyItsCombiner() {
    Built b = build();
    Tensor p = b.averaged().predict(b.x());
    // the bases were frozen while the stack was fitted: the ensemble predicts what it did before
    assertEquals(b.p(), p);
    for (int r = 0; r < 2; r++) {
      double[] mean = new double[2];
      for (Model m : b.members()) {
        Tensor logits = m.predict(b.x());
        double z0 = logits.get(r, 0);
        double z1 = logits.get(r, 1);
        double max = Math.max(z0, z1);
        double e0 = Math.exp(z0 - max);
        double e1 = Math.exp(z1 - max);
        mean[0] += e0 / (e0 + e1) / 3;
        mean[1] += e1 / (e0 + e1) / 3;
      }
      assertEquals(mean[0], p.get(r, 0), 1e-15);
      assertEquals(mean[1], p.get(r, 1), 1e-15);
    }
    assertArrayEquals(new int[] {1, 0}, b.ensemble().vote(b.x()));
    List<Tensor> each = b.ensemble().memberPredictions(b.x());
    for (int i = 0; i < 3; i++) {
      assertEquals(b.members().get(i).predict(b.x()), each.get(i));
    }
    assertEquals(4 * 2 + 2, b.stack().trainableParameterCount());
  }

  @Test
  void readmeShowsExactlyThisCode() throws IOException {
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/nn/ReadmeEnsembleTest.java"),
        "README-ENSEMBLE");
  }
}
