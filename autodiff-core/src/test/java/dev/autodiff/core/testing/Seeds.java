package dev.autodiff.core.testing;

import java.security.SecureRandom;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The seeds of every jqwik property and every seeded random test. In the default build each one is fixed (the seed a
 * test names, or {@link #FIXED} for a property), so two runs generate the same cases and print the same seeds. With
 * {@code -Preliability} (system property {@code autodiff.reliability}) each one is fresh. Either way the seed is
 * printed, one line per property or test, and {@code -Dautodiff.seed=N} replays it (every property and seeded test
 * of that run then uses {@code N}; pick the failing one with {@code -Dtest=...}).
 *
 * <p>Registered for every property of every module whose tests see core's test-jar, through
 * {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}.
 */
public final class Seeds implements AroundPropertyHook {
  /** The seed of every property in the default build. */
  public static final long FIXED = 20_170_417L;

  private static final SecureRandom FRESH = new SecureRandom();

  /** Whether this is a {@code -Preliability} run, whose seeds are fresh. */
  public static boolean reliability() {
    return Boolean.getBoolean("autodiff.reliability");
  }

  /**
   * The seed of a random test called {@code what}: {@code fixed} in the default build, fresh with
   * {@code -Preliability}, {@code -Dautodiff.seed} when given; printed so that a failure can be replayed.
   */
  public static long of(String what, long fixed) {
    long seed = choose(fixed);
    System.out.println(line(what, seed));
    return seed;
  }

  private static long choose(long fixed) {
    Optional<String> forced = Optional.ofNullable(System.getProperty("autodiff.seed")).filter(s -> !s.isBlank());
    if (forced.isPresent()) {
      return Long.parseLong(forced.get().trim());
    }
    return reliability() ? FRESH.nextLong() : fixed;
  }

  private static String line(String what, long seed) {
    String how = System.getProperty("autodiff.seed") != null ? "given by -Dautodiff.seed"
        : reliability() ? "fresh, -Preliability" : "fixed";
    return "seed " + seed + " for " + what + " (" + how + "; replay with -Dautodiff.seed=" + seed + ")";
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    String what = context.containerClass().getSimpleName() + "." + context.targetMethod().getName();
    long fixed = context.attributes().seed().filter(s -> !s.isBlank()).map(Long::parseLong).orElse(FIXED);
    long seed = choose(fixed);
    context.attributes().setSeed(Long.toString(seed));
    System.out.println(line(what, seed));
    return property.execute();
  }

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public boolean appliesTo(Optional<java.lang.reflect.AnnotatedElement> element) {
    return true;
  }

  @Override
  public int aroundPropertyProximity() {
    return -100;  // outermost: the seed must be set before the property starts generating
  }
}
