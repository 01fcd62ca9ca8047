package io.sparkdtrain.e2e.notebook;

/** A paragraph of a note failed: which note, which paragraph, and the interpreter's error. */
final class NotebookFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final String note;
  private final String paragraphId;

  NotebookFailure(String note, String paragraphId, String error) {
    super("note '" + note + "', paragraph " + paragraphId + " failed:\n" + error);
    this.note = note;
    this.paragraphId = paragraphId;
  }

  String note() {
    return note;
  }

  String paragraphId() {
    return paragraphId;
  }
}
