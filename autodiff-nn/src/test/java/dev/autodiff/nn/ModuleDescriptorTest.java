package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.testing.Modules;
import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** nn's module-info.java, as a module system sees it: it resolves against core's module and exports all of nn. */
class ModuleDescriptorTest {
  @Test
  void nnResolvesAgainstCoreAndExportsEveryPackage() throws Exception {
    ModuleLayer layer = Modules.layer(List.of(Autodiff.class, Model.class, com.google.protobuf.Message.class),
        "dev.autodiff.nn");
    Module nn = layer.findModule("dev.autodiff.nn").orElseThrow();
    Set<String> exported = nn.getDescriptor().exports().stream().map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(nn.getPackages()), exported);
    assertTrue(nn.getDescriptor().requires().stream().anyMatch(r -> r.name().equals("dev.autodiff.core")
        && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), "core's types are in nn's API");
    // a model built and run through the module's own classes
    Class<?> mlp = layer.findLoader("dev.autodiff.nn").loadClass("dev.autodiff.nn.Mlp");
    assertEquals(nn, mlp.getModule());
    Object builder = mlp.getMethod("builder").invoke(null);
    builder = builder.getClass().getMethod("inputs", int.class).invoke(builder, 2);
    Class<?> activation = layer.findLoader("dev.autodiff.nn").loadClass("dev.autodiff.nn.Activation");
    Object identity = activation.getField("IDENTITY").get(null);
    builder = builder.getClass().getMethod("outputs", int.class, activation).invoke(builder, 1, identity);
    Object model = builder.getClass().getMethod("build").invoke(builder);
    double[] y = (double[]) model.getClass().getMethod("predict", double[].class).invoke(model, new double[] {1, 2});
    assertEquals(1, y.length);
    assertTrue(Double.isFinite(y[0]));
  }
}
