package io.sparkdtrain.ml;

/**
 * Hands a stage's uid to MLlib's constructors. MLlib's shared params ({@code labelCol},
 * {@code rawPredictionCol}, ...) are Scala trait fields created while MLlib's own constructor runs,
 * with {@code uid()} as their parent: a Scala class receives its uid before that (a constructor
 * {@code val}), a Java subclass cannot assign a field before {@code super()}. So a Java stage's
 * constructor stashes its uid here in the argument of a {@code this(...)} call, its {@code uid()}
 * takes it while the field is still null, and the constructor body clears it:
 *
 * <pre>{@code
 * public DtrainClassifier(String uid) { this(StageUid.stash(uid), 0); }
 * private DtrainClassifier(String uid, int stashed) { super(); this.uid = StageUid.taken(uid); ... }
 * public String uid() { return uid != null ? uid : (uid = StageUid.pending()); }
 * }</pre>
 */
final class StageUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private StageUid() {}

  /** Remembers {@code uid} for the constructor about to run on this thread; returns it. */
  static String stash(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("Cannot create a stage with uid '" + uid
          + "', the uid must be a non-empty string");
    }
    PENDING.set(uid);
    return uid;
  }

  /** The uid stashed for the constructor running on this thread. */
  static String pending() {
    String uid = PENDING.get();
    if (uid == null) {
      throw new IllegalStateException("uid() called during construction without StageUid.stash");
    }
    return uid;
  }

  /** Ends the construction: forgets the stashed uid and returns {@code uid}. */
  static String taken(String uid) {
    PENDING.remove();
    return uid;
  }
}
