package dev.specwright.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Workspaces over real directories and an in-memory remote: {@code prepare} writes the branch's
 * files (or the default branch's) into a fresh directory, {@code commitAll} snapshots it, {@code
 * push} stores the snapshot as the remote branch. Pushes and deletions are logged.
 */
final class FakeWorkspaces implements Workspaces {

  /** The credential the real adapter would push with; never passed to the run. */
  static final String TOKEN = "ghs_FAKEPUSHTOKEN9876543210";

  final List<String> log = new CopyOnWriteArrayList<>();
  final Map<String, Map<String, String>> remote = new ConcurrentHashMap<>();
  final Map<String, String> remoteSha = new ConcurrentHashMap<>();
  final Set<String> rejectPushes = ConcurrentHashMap.newKeySet();
  final Set<Path> open = ConcurrentHashMap.newKeySet();
  private final Map<Path, Map<String, String>> committed = new ConcurrentHashMap<>();
  private final Path root;
  private final AtomicInteger shas = new AtomicInteger();
  private final AtomicInteger dirs = new AtomicInteger();
  volatile Consumer<String> afterPush = line -> {};

  FakeWorkspaces(Path root, Map<String, String> baseFiles) {
    this.root = root;
    remote.put("main", new TreeMap<>(baseFiles));
  }

  @Override
  public Workspace prepare(RepoRef repo, String branch) {
    Path dir = root.resolve("ws-" + dirs.incrementAndGet());
    Map<String, String> files = new TreeMap<>(remote.getOrDefault(branch, remote.get("main")));
    try {
      Files.createDirectories(dir);
      for (var e : files.entrySet()) {
        Path p = dir.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    committed.put(dir, files);
    open.add(dir);
    return new Workspace(repo, dir, branch, "main");
  }

  @Override
  public Optional<String> commitAll(Workspace ws, String message) {
    Map<String, String> now = read(ws.dir());
    if (now.equals(committed.get(ws.dir()))) {
      return Optional.empty();
    }
    committed.put(ws.dir(), now);
    String sha = "sha" + shas.incrementAndGet();
    log.add("commit " + ws.branch() + " " + sha + ": " + message.lines().findFirst().orElse(""));
    return Optional.of(sha);
  }

  @Override
  public String diff(Workspace ws) {
    Map<String, String> base = remote.get("main");
    Map<String, String> head = committed.get(ws.dir());
    StringBuilder b = new StringBuilder();
    Set<String> paths = new HashSet<>(head.keySet());
    paths.addAll(base.keySet());
    for (String p : new java.util.TreeSet<>(paths)) {
      String before = base.get(p);
      String after = head.get(p);
      if (java.util.Objects.equals(before, after) || after == null) {
        continue;
      }
      List<String> lines = after.lines().toList();
      b.append("diff --git a/").append(p).append(" b/").append(p).append('\n');
      b.append("--- ").append(before == null ? "/dev/null" : "a/" + p).append('\n');
      b.append("+++ b/").append(p).append('\n');
      b.append("@@ -0,0 +1,").append(lines.size()).append(" @@\n");
      lines.forEach(l -> b.append('+').append(l).append('\n'));
    }
    return b.toString();
  }

  @Override
  public String push(Workspace ws) throws PushRejectedException {
    if (rejectPushes.contains(ws.branch())) {
      log.add("push rejected " + ws.branch());
      throw new PushRejectedException("protected branch hook declined");
    }
    Map<String, String> head = committed.get(ws.dir());
    String sha = "head-" + ws.branch().replace('/', '_') + "-" + shas.incrementAndGet();
    remote.put(ws.branch(), new TreeMap<>(head));
    remoteSha.put(ws.branch(), sha);
    String line = "push " + ws.branch();
    log.add(line);
    afterPush.accept(line);
    return sha;
  }

  @Override
  public void delete(Workspace ws) {
    open.remove(ws.dir());
    committed.remove(ws.dir());
    try (Stream<Path> walk = Files.exists(ws.dir()) ? Files.walk(ws.dir()) : Stream.empty()) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pushes(String branch) {
    return log.stream().filter(l -> l.equals("push " + branch)).count();
  }

  private static Map<String, String> read(Path dir) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
