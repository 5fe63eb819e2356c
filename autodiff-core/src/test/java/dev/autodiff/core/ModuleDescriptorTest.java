package dev.autodiff.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.testing.Modules;
import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * module-info.java, as a module system sees it: core resolves with Guava alone, exports every package except the
 * unexported doors to storage and the OpenBLAS kernel, runs as a module, and finds the OpenBLAS provider through its
 * {@code provides} clause (tests run on the class path, so this is where the descriptor itself is exercised).
 */
class ModuleDescriptorTest {
  private static final Set<String> HIDDEN = Set.of("dev.autodiff.core.tensor.internal",
      "dev.autodiff.core.graph.internal", "dev.autodiff.core.kernels.openblas");

  @Test
  void coreExportsItsApiAndHidesItsDoors() {
    ModuleLayer layer = Modules.layer(List.of(Autodiff.class), "dev.autodiff.core");
    Module core = layer.findModule("dev.autodiff.core").orElseThrow();
    ModuleDescriptor d = core.getDescriptor();
    Set<String> exported = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>(core.getPackages());
    expected.removeAll(HIDDEN);
    assertEquals(expected, exported, "exported packages");
    for (String hidden : HIDDEN) {
      assertTrue(core.getPackages().contains(hidden), hidden + " is not even in the module");
      assertFalse(core.isExported(hidden), hidden + " must not be exported");
    }
  }

  @Test
  void coreRunsAsAModuleAndFindsItsKernelProvider() throws Exception {
    ModuleLayer layer = Modules.layer(List.of(Autodiff.class), "dev.autodiff.core");
    ClassLoader loader = layer.findLoader("dev.autodiff.core");
    Class<?> graph = loader.loadClass("dev.autodiff.core.graph.Graph");
    Class<?> tensor = loader.loadClass("dev.autodiff.core.tensor.Tensor");
    Class<?> node = loader.loadClass("dev.autodiff.core.graph.Node");
    Class<?> program = loader.loadClass("dev.autodiff.core.exec.Program");
    assertEquals(layer.findModule("dev.autodiff.core").orElseThrow(), graph.getModule());
    // (2 * 3)^2 through the module's own classes: the executor reaches the doors it does not export
    Object g = graph.getMethod("create").invoke(null);
    Object three = tensor.getMethod("scalar", double.class).invoke(null, 3.0);
    Object p = graph.getMethod("parameter", String.class, tensor).invoke(g, "p", three);
    Object y = node.getMethod("square").invoke(node.getMethod("times", double.class).invoke(p, 2.0));
    Object value = program.getMethod("evaluate", node).invoke(null, y);
    assertEquals(36.0, (double) tensor.getMethod("item").invoke(value));
    Class<?> provider = loader.loadClass("dev.autodiff.core.kernels.MatMulKernelProvider");
    List<String> found = ServiceLoader.load(layer, provider).stream().map(s -> s.type().getName()).toList();
    assertEquals(List.of("dev.autodiff.core.kernels.openblas.OpenBlasProvider"), found);
    Object selection = loader.loadClass("dev.autodiff.core.kernels.Kernels").getMethod("selection").invoke(null);
    assertTrue(selection.toString().contains("openblas"), "the selection reports the provider it tried: " + selection);
  }
}
