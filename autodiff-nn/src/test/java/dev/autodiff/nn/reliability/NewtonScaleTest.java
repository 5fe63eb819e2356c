package dev.autodiff.nn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 17 (nn): Newton's method on a 25,450-parameter MLP ran out of memory building its Hessian; it is
 * refused where the run starts, saying how big the Hessian would be.
 */
class NewtonScaleTest {
  @Test
  void newtonOnAModelWhoseHessianCannotFitIsRefusedAtTheStartOfTheRun() {
    Model m = Mlp.builder().inputs(784).hidden(32, Activation.RELU).outputs(10, Activation.IDENTITY).build();
    assertEquals(25_450, m.trainableParameterCount());
    Optimizer newton = Optimizers.newton(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> newton.start(m.trainableParameters()));
    assertTrue(e.getMessage().startsWith("newton: ") && e.getMessage().contains("25450 x 25450")
        && e.getMessage().contains("GB"), e.getMessage());
    // a small model still starts
    Model small = Mlp.builder().inputs(2).hidden(3, Activation.TANH).outputs(1, Activation.IDENTITY).build();
    assertEquals(0, newton.start(small.trainableParameters()).steps());
  }
}
