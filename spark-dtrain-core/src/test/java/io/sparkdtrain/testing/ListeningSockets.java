package io.sparkdtrain.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP sockets this JVM listens on, read from Linux's {@code /proc}: the rows of
 * {@code /proc/self/net/tcp} and {@code tcp6} in state {@code 0A} (LISTEN) whose inode is one of
 * this process's open file descriptors ({@code /proc/self/fd/N -> socket:[inode]}). The
 * {@code net} tables list the whole network namespace, so the join with our descriptors is what
 * keeps other processes' listeners out. Linux only, which is what CI runs.
 */
public final class ListeningSockets {
  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** Whether {@code /proc/self/net/tcp} can be read (Linux). */
  public static boolean supported() {
    return Files.isReadable(Paths.get("/proc/self/net/tcp")) && Files.isDirectory(Paths.get("/proc/self/fd"));
  }

  /** {@code "address:port"} (hex address as the kernel prints it, decimal port) of every listener this JVM owns. */
  public static Set<String> ofThisJvm() {
    Map<String, String> listenersByInode = new HashMap<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      Path p = Paths.get(table);
      if (!Files.isReadable(p)) {
        continue;
      }
      try {
        for (String line : Files.readAllLines(p)) {
          String[] f = line.trim().split("\\s+");
          // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
          if (f.length > 9 && LISTEN.equals(f[3])) {
            String[] local = f[1].split(":");
            listenersByInode.put(f[9], local[0] + ":" + Integer.parseInt(local[1], 16));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p, e);
      }
    }
    Set<String> ours = new TreeSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
          continue; // a descriptor closed between the listing and the read
        }
        Matcher m = SOCKET_LINK.matcher(target);
        if (m.matches() && listenersByInode.containsKey(m.group(1))) {
          ours.add(listenersByInode.get(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc/self/fd", e);
    }
    return ours;
  }
}
