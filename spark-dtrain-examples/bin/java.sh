# Sourced by bin/dtrain and bin/cluster: which java to run.
# find_java NAME prints $JAVA_HOME/bin/java when JAVA_HOME is set (and fails when that is not an
# executable), else the java found on PATH; with neither it says so, naming JAVA_HOME and PATH, and
# fails. NAME prefixes the messages.
find_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    if [ -x "$JAVA_HOME/bin/java" ]; then
      printf '%s\n' "$JAVA_HOME/bin/java"
      return 0
    fi
    echo "$1: JAVA_HOME is set to '$JAVA_HOME' but $JAVA_HOME/bin/java is not an executable;" \
      "point JAVA_HOME at a Java 17 (or newer) installation, or unset it to use java from PATH" >&2
    return 1
  fi
  if command -v java >/dev/null 2>&1; then
    command -v java
    return 0
  fi
  echo "$1: Java not found: JAVA_HOME is not set and there is no java on PATH ($PATH);" \
    "install Java 17 (or newer) and set JAVA_HOME to it or put its bin/ on PATH" >&2
  return 1
}
