package dev.autodiff.examples.mnist;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Csv;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.Plots;
import dev.autodiff.examples.data.Mnist;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Ensemble;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Parallel;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.io.ModelFile;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code ensembles}: the lecture's "the loss is not convex, so train several ways, then choose or average". The same
 * MLP trained from several seeds (initialisation and minibatch order) and with several optimizers ends in different
 * minima; the spread of their losses and accuracies is plotted; the best member by validation accuracy, the mean
 * member and the averaged ensemble are compared on test digits. Then stacking against the MLP: base networks frozen
 * and only a combiner fitted on their outputs, against the same stack trained all at once.
 */
public final class EnsemblesCommand implements Command {
  @Override
  public String name() {
    return "ensembles";
  }

  @Override
  public String summary() {
    return "MNIST: one MLP trained from several seeds and optimizers (many minima), the best by validation vs the "
        + "averaged ensemble; stacking vs training the whole stack at once";
  }

  static final Option<Integer> TRAIN = Option.integer("train", 2000, 100, Mnist.HELD_OUT, "training digits");
  static final Option<Integer> SEEDS = Option.integer("seeds", 6, 2, 50, "members trained from different seeds");
  static final Option<Integer> EPOCHS = Option.integer("epochs", 8, 1, 1000, "epochs per member");
  static final Option<Integer> HIDDEN = Option.integer("hidden", 64, 1, 4096, "hidden units per member");
  static final Option<Long> SEED = Option.seed(1, "the first member's weights and minibatches");

  @Override
  public List<Option<?>> options() {
    return List.of(TRAIN, SEEDS, EPOCHS, HIDDEN, SEED);
  }

  /** One way to train a member. */
  record Way(String group, String optimizerName, Optimizer optimizer, long seed) {}

  /** A trained member and its numbers. */
  record Member(Way way, Model model, double trainLoss, double validAccuracy, double testAccuracy) {}

  @Override
  public int run(Options o, Output out) throws Exception {
    int n = o.get(TRAIN);
    int hidden = o.get(HIDDEN);
    int epochs = o.get(EPOCHS);
    long seed = o.get(SEED);
    Dataset train = Mnist.shippedTraining(n).classification();
    Mnist.Set heldOut = Mnist.shippedHeldOut(2000);
    Mnist.Set validSet = heldOut.range(0, 1000);
    Mnist.Set testSet = heldOut.range(1000, 2000);
    Dataset valid = validSet.classification();
    out.printf("MLP 784-%d-10 (ReLU, softmax cross-entropy), batch 32, %d epochs, on %d training digits; "
        + "1,000 validation and 1,000 test digits%n%n", hidden, epochs, n);

    List<Way> ways = new ArrayList<>();
    for (int k = 0; k < o.get(SEEDS); k++) {
      ways.add(new Way("seeds", "Adam 0.001", Optimizers.adam(0.001), seed + k));
    }
    ways.add(new Way("optimizers", "SGD 0.1", Optimizers.sgd(0.1), seed));
    ways.add(new Way("optimizers", "momentum 0.01, 0.9", Optimizers.momentum(0.01, 0.9), seed));
    ways.add(new Way("optimizers", "RMSProp 0.001", Optimizers.rmsprop(0.001), seed));
    ways.add(new Way("optimizers", "Adam 0.003", Optimizers.adam(0.003), seed));

    Graph g = Graph.create();  // every member in one graph, each under its own name, so they can be combined
    List<Member> members = new ArrayList<>();
    Csv csv = Csv.of("member", "group", "optimizer", "seed", "final_train_loss", "valid_accuracy", "test_accuracy");
    out.printf("%-4s %-10s %-20s %5s %17s %10s %9s%n", "", "group", "optimizer", "seed", "final train loss",
        "valid acc", "test acc");
    for (int i = 0; i < ways.size(); i++) {
      Way w = ways.get(i);
      Model m = Mlp.builder().graph(g).name("m" + (i + 1)).inputs(Mnist.PIXELS).hidden(hidden, Activation.RELU)
          .outputs(10, Activation.IDENTITY).init(Init.he()).seed(w.seed()).build();
      History h = Trainer.builder(m).loss(Losses.softmaxCrossEntropy()).optimizer(w.optimizer()).batchSize(32)
          .epochs(epochs).seed(w.seed()).build().fit(train);
      Member member = new Member(w, m, h.last("loss"), accuracy(m.predict(validSet.images()), validSet.labels()),
          accuracy(m.predict(testSet.images()), testSet.labels()));
      members.add(member);
      out.printf("m%-3d %-10s %-20s %5d %17.4f %9.1f%% %8.1f%%%n", i + 1, w.group(), w.optimizerName(), w.seed(),
          member.trainLoss(), 100 * member.validAccuracy(), 100 * member.testAccuracy());
      csv.row("m" + (i + 1), w.group(), w.optimizerName(), w.seed(), member.trainLoss(), member.validAccuracy(),
          member.testAccuracy());
    }
    out.csv("members.csv", csv);

    // ---- choose or average ----
    Member best = members.get(0);
    double meanTest = 0;
    for (Member m : members) {
      best = m.validAccuracy() > best.validAccuracy() ? m : best;
      meanTest += m.testAccuracy() / members.size();
    }
    List<Model> all = members.stream().map(Member::model).toList();
    List<Model> seedsOnly = members.stream().filter(m -> m.way().group().equals("seeds")).map(Member::model).toList();
    Ensemble averaged = Ensemble.of(all, Ensemble.Combination.MEAN_PROBABILITIES);
    Ensemble seedEnsemble = Ensemble.of(seedsOnly, Ensemble.Combination.MEAN_PROBABILITIES);
    Model ensembleModel = averaged.model();
    double ensembleTest = accuracy(ensembleModel.predict(testSet.images()), testSet.labels());
    double seedTest = accuracy(seedEnsemble.model().predict(testSet.images()), testSet.labels());
    double voteTest = accuracy(averaged.vote(testSet.images()), testSet.labels());
    Csv compare = Csv.of("what", "test_accuracy");
    out.println();
    out.println("on the 1,000 test digits:");
    row(out, compare, "the mean member", meanTest);
    row(out, compare, "the best member by validation (m" + (members.indexOf(best) + 1) + ")", best.testAccuracy());
    row(out, compare, "ensemble of the " + seedsOnly.size() + " seed members (mean probability)", seedTest);
    row(out, compare, "ensemble of all " + all.size() + " members (mean probability)", ensembleTest);
    row(out, compare, "majority vote of all " + all.size() + " members", voteTest);
    out.csv("comparison.csv", compare);
    strip(out, members, meanTest, seedTest, ensembleTest);
    out.println(ensembleTest > meanTest ? "the averaged ensemble beats the mean member"
        : "the averaged ensemble does NOT beat the mean member with these seeds");
    java.nio.file.Path saved = out.dir().resolve("ensemble.adnn");
    ModelFile.save(ensembleModel, saved);
    out.wrote(saved);
    Model again = ModelFile.load(saved);
    Tensor probe = testSet.images();
    out.println("saved as one file and loaded back: "
        + (again.predict(probe).equals(ensembleModel.predict(probe)) ? "the same predictions, bit for bit"
            : "DIFFERENT predictions"));
    out.println();
    out.println(ensembleModel.summary());

    stacking(out, g, members, train, valid, validSet, hidden, epochs, seed);
    return 0;
  }

  /** The lecture's contrast: fixed base models and a fitted combiner, against the whole stack fitted at once. */
  private void stacking(Output out, Graph g, List<Member> members, Dataset train, Dataset valid, Mnist.Set validSet,
      int hidden, int epochs, long seed) throws Exception {
    int k = 3;
    out.println("stacking: " + k + " base MLPs side by side (30 outputs), then a combiner Dense 30 -> 10");
    Csv csv = Csv.of("variant", "train_accuracy", "valid_accuracy", "gap", "train_loss", "valid_loss");
    out.printf("%-44s %9s %9s %6s %10s %10s%n", "", "train acc", "valid acc", "gap", "train loss", "valid loss");

    List<dev.autodiff.nn.Layer> bases = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      bases.add(members.get(i).model().network());
    }
    Parallel frozenBases = new Parallel(bases);
    Dense combiner = new Dense(g, "stack.combiner", 10 * k, 10, Init.xavier(), new Random(seed));
    Model stacked = new Model(g, Sequential.of(frozenBases, combiner), Mnist.PIXELS);
    stacked.freeze(frozenBases);
    gap(out, csv, "bases fixed, combiner fitted (stacking)", stacked, train, valid, epochs, seed);
    stacked.unfreeze(frozenBases);

    List<dev.autodiff.nn.Layer> fresh = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      fresh.add(Mlp.builder().graph(g).name("joint" + (i + 1)).inputs(Mnist.PIXELS).hidden(hidden, Activation.RELU)
          .outputs(10, Activation.IDENTITY).init(Init.he()).seed(seed + i).build().network());
    }
    Dense jointCombiner = new Dense(g, "joint.combiner", 10 * k, 10, Init.xavier(), new Random(seed));
    Model joint = new Model(g, Sequential.of(new Parallel(fresh), jointCombiner), Mnist.PIXELS);
    gap(out, csv, "the whole stack fitted at once (one MLP)", joint, train, valid, epochs, seed);
    out.csv("stacking.csv", csv);
  }

  private static void gap(Output out, Csv csv, String name, Model m, Dataset train, Dataset valid, int epochs,
      long seed) throws Exception {
    Trainer t = Trainer.builder(m).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.001)).batchSize(32)
        .epochs(epochs).seed(seed).metrics(Metric.ACCURACY).build();
    t.fit(train);
    var onTrain = t.evaluate(train);
    var onValid = t.evaluate(valid);
    double gap = onTrain.get("accuracy") - onValid.get("accuracy");
    out.printf("%-44s %8.1f%% %8.1f%% %5.1f%% %10.4f %10.4f%n", name, 100 * onTrain.get("accuracy"),
        100 * onValid.get("accuracy"), 100 * gap, onTrain.get("loss"), onValid.get("loss"));
    csv.row(name, onTrain.get("accuracy"), onValid.get("accuracy"), gap, onTrain.get("loss"), onValid.get("loss"));
  }

  private static void row(Output out, Csv csv, String what, double accuracy) {
    out.printf("  %-58s %6.1f%%%n", what, 100 * accuracy);
    csv.row(what, accuracy);
  }

  /** The members' final training losses and test accuracies, one column of points per group. */
  private static void strip(Output out, List<Member> members, double meanTest, double seedTest, double allTest)
      throws Exception {
    Plots.Line acc = new Plots.Line("Test accuracy of each member: one MLP, many minima", "group (1: seeds, "
        + "2: optimizers)", "test accuracy");
    Plots.Line loss = new Plots.Line("Final training loss of each member", "group (1: seeds, 2: optimizers)",
        "cross-entropy");
    for (String group : List.of("seeds", "optimizers")) {
      List<Member> in = members.stream().filter(m -> m.way().group().equals(group)).toList();
      double[] x = new double[in.size()];
      double[] a = new double[in.size()];
      double[] l = new double[in.size()];
      for (int i = 0; i < x.length; i++) {
        // spread the points a little sideways (a strip plot), deterministically
        x[i] = (group.equals("seeds") ? 1 : 2) + (i - (x.length - 1) / 2.0) * 0.04;
        a[i] = in.get(i).testAccuracy();
        l[i] = in.get(i).trainLoss();
      }
      acc.points(group, x, a);
      loss.points(group, x, l);
    }
    // what choosing and averaging give, as levels across both strips
    double[] across = {0.8, 2.2};
    acc.series("the mean member", across, new double[] {meanTest, meanTest});
    acc.series("ensemble of the seed members", across, new double[] {seedTest, seedTest});
    acc.series("ensemble of all members", across, new double[] {allTest, allTest});
    out.plot("member-accuracy", acc);
    out.plot("member-loss", loss);
  }

  static double accuracy(Tensor outputs, int[] labels) {
    int correct = 0;
    for (int r = 0; r < labels.length; r++) {
      correct += Metric.argmax(outputs, r) == labels[r] ? 1 : 0;
    }
    return (double) correct / labels.length;
  }

  static double accuracy(int[] predicted, int[] labels) {
    int correct = 0;
    for (int r = 0; r < labels.length; r++) {
      correct += predicted[r] == labels[r] ? 1 : 0;
    }
    return (double) correct / labels.length;
  }
}
