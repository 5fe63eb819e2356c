package dev.autodiff.nn.train.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only the training package installs the hooks the Spark trainer uses. */
class TrainingAccessTest {
  @Test
  void onlyHistoryInstallsTheHooks() {
    assertNotNull(TrainingAccess.hooks());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingAccess.install(null));
    assertTrue(e.getMessage().contains("only the training package") && e.getMessage().contains(
        TrainingAccessTest.class.getName()), e.getMessage());
  }
}
