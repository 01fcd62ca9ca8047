package io.sparkdtrain.ml;

/**
 * A uid for a Java subclass of an MLlib stage whose Scala traits create their {@code Param}s in the
 * superclass constructor: the params read {@code uid()} before a Java constructor can set a field,
 * so the constructor first {@link #stash}es the uid here (in its {@code this(...)} argument, which
 * runs before {@code super()}) and {@code uid()} takes it with {@link #take} until the field is set.
 * Scala classes avoid this because their constructor parameters are assigned before the superclass
 * constructor runs.
 */
final class PendingUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private PendingUid() {}

  /** Keeps {@code uid} for the constructor running on this thread; returns it. */
  static String stash(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("Cannot set uid to '" + uid + "', the value must be non-empty");
    }
    PENDING.set(uid);
    return uid;
  }

  /** The uid stashed on this thread (still pending: the superclass constructor is running). */
  static String peek() {
    String uid = PENDING.get();
    if (uid == null) {
      throw new IllegalStateException("no uid stashed: construct the stage through its public constructors");
    }
    return uid;
  }

  /** Clears the stash once the constructor has stored the uid. */
  static void clear() {
    PENDING.remove();
  }
}
