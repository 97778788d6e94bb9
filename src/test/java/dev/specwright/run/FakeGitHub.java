package dev.specwright.run;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * GitHub as the run sees it, in memory: issues, comments, PRs, reviews and check runs, each looked
 * up by its stable key as the real adapter does. Every write is logged as a readable line; every
 * text sent is kept, so tests can search what left the process.
 */
final class FakeGitHub implements RunGitHub {

  /** The credential the real adapter would hold; never passed to the run. */
  static final String TOKEN = "ghs_FAKEINSTALLATIONTOKEN0123456789";

  record Comment(long id, String body) {}

  record Pr(int number, String head, String base, String title, String body, boolean draft) {}

  record Review(long id, int pr, ReviewEvent event, String body, List<InlineComment> comments) {}

  final List<String> log = new CopyOnWriteArrayList<>();
  final List<String> sent = new CopyOnWriteArrayList<>();
  final Map<Long, Comment> comments = new LinkedHashMap<>();
  final Map<String, Pr> prs = new LinkedHashMap<>();
  final List<Review> reviews = new CopyOnWriteArrayList<>();
  final Map<String, CheckRunSpec> checks = new LinkedHashMap<>();

  /** The details link of every check-run write, in order ("null" when there was none). */
  final List<String> checkLinks = new CopyOnWriteArrayList<>();

  final Map<String, Integer> subIssues = new LinkedHashMap<>();
  final List<Comment> replies = new CopyOnWriteArrayList<>();
  final java.util.Set<Long> deletedThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** How many thread replies fail next as GitHub's 502 would. */
  final java.util.concurrent.atomic.AtomicInteger replyFailures =
      new java.util.concurrent.atomic.AtomicInteger();

  final Map<String, Permission> permissions = new HashMap<>();
  final Map<String, String> files = new HashMap<>();
  private final AtomicLong ids = new AtomicLong(100);
  volatile Issue issue;

  /** Called after each write with its log line; a test throws from it to simulate a crash. */
  volatile Consumer<String> afterWrite = line -> {};

  FakeGitHub(Issue issue) {
    this.issue = issue;
    permissions.put(issue.author(), issue.authorPermission());
  }

  private void wrote(String line) {
    log.add(line);
    afterWrite.accept(line);
  }

  @Override
  public Issue issue(RepoRef repo, int number) {
    return issue;
  }

  @Override
  public Permission permission(RepoRef repo, String user) {
    return permissions.getOrDefault(user, Permission.READ);
  }

  @Override
  public Optional<String> readFile(RepoRef repo, String path) {
    return Optional.ofNullable(files.get(path));
  }

  @Override
  public CommentRef upsertComment(RepoRef repo, int issueNumber, String marker, String body) {
    sent.add(body);
    long id;
    boolean created;
    synchronized (this) {
      Comment old =
          comments.values().stream()
              .filter(c -> c.body().contains(marker))
              .findFirst()
              .orElse(null);
      created = old == null;
      id = created ? ids.incrementAndGet() : old.id();
      comments.put(id, new Comment(id, body));
    }
    wrote(
        "comment #"
            + id
            + (created ? " created: " : " edited: ")
            + firstLine(body.replace(marker, "").strip()));
    return new CommentRef(id, "https://github.test/issues/" + issueNumber + "#c" + id);
  }

  @Override
  public synchronized PullRequestRef upsertPullRequest(RepoRef repo, PullRequestSpec spec) {
    sent.add(spec.title() + "\n" + spec.body());
    Pr old = prs.get(spec.head());
    String line;
    Pr pr;
    if (old == null) {
      pr =
          new Pr(
              100 + prs.size() + 1,
              spec.head(),
              spec.base(),
              spec.title(),
              spec.body(),
              spec.draft());
      line = "pr #" + pr.number() + " opened " + spec.head() + (spec.draft() ? " (draft)" : "");
    } else {
      boolean draft = old.draft() && spec.draft(); // a ready PR never goes back to draft
      pr = new Pr(old.number(), spec.head(), spec.base(), spec.title(), spec.body(), draft);
      line =
          "pr #"
              + pr.number()
              + " updated"
              + (old.draft() && !draft ? ", marked ready" : "")
              + (draft ? " (draft)" : "");
    }
    prs.put(spec.head(), pr);
    wrote(line);
    return new PullRequestRef(pr.number(), "https://github.test/pull/" + pr.number(), null);
  }

  @Override
  public synchronized ReviewRef ensureReview(
      RepoRef repo,
      int pullRequest,
      String marker,
      ReviewEvent event,
      String body,
      List<InlineComment> inline) {
    sent.add(body);
    inline.forEach(c -> sent.add(c.body()));
    for (Review r : reviews) {
      if (r.pr() == pullRequest && r.body().contains(marker)) {
        return new ReviewRef(r.id(), "https://github.test/pull/" + pullRequest + "#r" + r.id());
      }
    }
    Review r = new Review(ids.incrementAndGet(), pullRequest, event, body, List.copyOf(inline));
    reviews.add(r);
    wrote("review on pr #" + pullRequest + ": " + event + " with " + inline.size() + " inline");
    return new ReviewRef(r.id(), "https://github.test/pull/" + pullRequest + "#r" + r.id());
  }

  @Override
  public synchronized void upsertCheckRun(RepoRef repo, String headSha, CheckRunSpec check) {
    sent.add(check.summary());
    checks.put(headSha + "/" + check.name(), check);
    checkLinks.add(String.valueOf(check.detailsUrl()));
    log.add(
        "check "
            + check.name()
            + " on "
            + headSha
            + ": "
            + check.status()
            + check.conclusion().map(c -> "/" + c).orElse(""));
  }

  @Override
  public synchronized Optional<CommentRef> replyInThread(
      RepoRef repo, int pullRequest, long threadId, String marker, String body) {
    sent.add(body);
    if (replyFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      wrote("reply in thread " + threadId + " failed: 502 Bad Gateway");
      throw new java.io.UncheckedIOException(new java.io.IOException("502 Bad Gateway"));
    }
    if (deletedThreads.contains(threadId)) {
      return Optional.empty(); // GitHub's 404: the thread was deleted
    }
    for (Comment r : replies) {
      if (r.body().contains(marker)) {
        return Optional.of(
            new CommentRef(r.id(), "https://github.test/pull/" + pullRequest + "#r" + r.id()));
      }
    }
    Comment r = new Comment(ids.incrementAndGet(), body);
    replies.add(r);
    wrote(
        "reply in thread "
            + threadId
            + " on pr #"
            + pullRequest
            + ": "
            + firstLine(body.replace(marker, "").strip()));
    return Optional.of(
        new CommentRef(r.id(), "https://github.test/pull/" + pullRequest + "#r" + r.id()));
  }

  @Override
  public synchronized int ensureSubIssue(
      RepoRef repo, int parent, String marker, String title, String body) {
    sent.add(body);
    Integer n = subIssues.get(marker);
    if (n == null) {
      n = 500 + subIssues.size();
      subIssues.put(marker, n);
      wrote("sub-issue #" + n + " created under #" + parent + ": " + title);
    }
    return n;
  }

  // ---- test helpers ----

  synchronized List<String> lines(String prefix) {
    return log.stream().filter(l -> l.startsWith(prefix)).toList();
  }

  synchronized long count(String contains) {
    return log.stream().filter(l -> l.contains(contains)).count();
  }

  /** The body of the comment whose body contains {@code marker}. */
  synchronized Optional<String> commentWith(String marker) {
    return comments.values().stream()
        .map(Comment::body)
        .filter(b -> b.contains(marker))
        .findFirst();
  }

  synchronized String statusComment() {
    return commentWith("specwright:status:").orElse("");
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
