package io.sparkdtrain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The registry's lease and tombstones, driven by explicit times ({@link LocalParameterRegistry#sweep}
 * takes "now"), so nothing waits for a clock.
 */
class LocalParameterRegistryLeaseTest {

  @Test
  void anIdleArrayExpiresOneLeaseAfterItsLastTaskAndAHeldOneNever() {
    String idle = "lease-idle-" + UUID.randomUUID();
    String busy = "lease-busy-" + UUID.randomUUID();
    LocalParameterRegistry.acquire(idle, 3, SharedParameters.Access.PLAIN).finishTask();
    long idleSince = System.nanoTime();
    LocalParameterRegistry.Slot held = LocalParameterRegistry.acquire(busy, 3, SharedParameters.Access.PLAIN);
    try {
      LocalParameterRegistry.sweep(idleSince);
      assertTrue(LocalParameterRegistry.heldRuns().contains(idle), "within the lease");
      long later = System.nanoTime() + LocalParameterRegistry.LEASE_NANOS + 1;
      LocalParameterRegistry.sweep(later);
      assertFalse(LocalParameterRegistry.heldRuns().contains(idle), "idle for longer than the lease");
      assertTrue(LocalParameterRegistry.heldRuns().contains(busy), "a running task holds it");
      held.finishTask();
      LocalParameterRegistry.sweep(System.nanoTime() + LocalParameterRegistry.LEASE_NANOS + 1);
      assertFalse(LocalParameterRegistry.heldRuns().contains(busy), "expired after its last task");
      // an expired (not released) run may come back: its next round refreshes a new array
      LocalParameterRegistry.acquire(idle, 3, SharedParameters.Access.PLAIN).finishTask();
      assertTrue(LocalParameterRegistry.heldRuns().contains(idle));
      assertTrue(sweeperAlive(), "the daemon sweeper runs while the JVM holds an array");
    } finally {
      LocalParameterRegistry.release(idle);
      LocalParameterRegistry.release(busy);
    }
    assertTrue(LocalParameterRegistry.heldRuns().isEmpty());
    assertFalse(sweeperAlive(), "the sweeper stops with the last release: no thread outlives the runs");
  }

  private static boolean sweeperAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(LocalParameterRegistry.SWEEPER_THREAD) && t.isDaemon() && t.isAlive());
  }

  @Test
  void tombstonesAreBoundedAndTheNewestStillRejectLateTasks() {
    String last = null;
    for (int i = 0; i < LocalParameterRegistry.MAX_TOMBSTONES + 50; i++) {
      last = "tomb-" + i + "-" + UUID.randomUUID();
      LocalParameterRegistry.release(last);
    }
    assertTrue(LocalParameterRegistry.tombstones() <= LocalParameterRegistry.MAX_TOMBSTONES,
        LocalParameterRegistry.tombstones() + " tombstones");
    String released = last;
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LocalParameterRegistry.acquire(released, 3, SharedParameters.Access.PLAIN));
    assertTrue(e.getMessage().contains("already released"), e.getMessage());
    assertEquals(false, LocalParameterRegistry.heldRuns().contains(released));
  }

  /**
   * State of another shape ({@code acquireShared}, word2vec's tables) follows the array's rules:
   * created once per run in this JVM, the same object for every task, a run of the other kind
   * rejected, and no re-creation after release. Reference: a counter in the creating supplier.
   */
  @Test
  void sharedStateIsCreatedOnceAndNotAfterRelease() {
    String run = "shared-" + UUID.randomUUID();
    String array = "array-" + UUID.randomUUID();
    AtomicInteger created = new AtomicInteger();
    try {
      LocalParameterRegistry.Slot first = LocalParameterRegistry.acquireShared(run,
          () -> new int[] {created.incrementAndGet()});
      LocalParameterRegistry.Slot second = LocalParameterRegistry.acquireShared(run,
          () -> new int[] {created.incrementAndGet()});
      assertEquals(1, created.get(), "one creation per run and JVM");
      assertTrue(first.shared() == second.shared(), "every task sees the same state");
      first.finishTask();
      second.finishTask();
      IllegalStateException kind = assertThrows(IllegalStateException.class,
          () -> LocalParameterRegistry.acquire(run, 3, SharedParameters.Access.PLAIN));
      assertTrue(kind.getMessage().contains("holds"), kind.getMessage());
      LocalParameterRegistry.acquire(array, 3, SharedParameters.Access.PLAIN).finishTask();
      IllegalStateException notShared = assertThrows(IllegalStateException.class,
          () -> LocalParameterRegistry.acquireShared(array, Object::new));
      assertTrue(notShared.getMessage().endsWith("not shared state"), notShared.getMessage());
    } finally {
      assertTrue(LocalParameterRegistry.release(run));
      LocalParameterRegistry.release(array);
    }
    IllegalStateException released = assertThrows(IllegalStateException.class,
        () -> LocalParameterRegistry.acquireShared(run, () -> new int[] {created.incrementAndGet()}));
    assertTrue(released.getMessage().contains("already released")
        && released.getMessage().endsWith("cannot re-create its shared state"), released.getMessage());
    assertEquals(1, created.get(), "not re-created after release");
    assertFalse(LocalParameterRegistry.heldRuns().contains(run));
  }
}
