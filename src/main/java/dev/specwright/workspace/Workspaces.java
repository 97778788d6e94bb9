package dev.specwright.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Makes per-subtask workspaces under {@code
 * <dataDir>/workspaces/<owner>/<name>/<issue>-<slug>/<key>} from a repository's mirror, the way
 * {@code git clone --shared} does: the workspace's {@code .git/objects/info/alternates} names the
 * mirror's object store, so nothing is copied but the checked-out files and the index. The new
 * branch starts from the mirror's copy of that branch when the remote already has it (a revision
 * continues the same branch), else from the base branch.
 */
public final class Workspaces {

  private final Path root;

  public Workspaces(Path dataDir) {
    this.root = dataDir.toAbsolutePath().normalize().resolve("workspaces");
  }

  /** Where the workspace of {@code branch} lives (whether or not it exists now). */
  public Path pathOf(RepositoryId repository, BranchName branch) {
    return root.resolve(repository.owner())
        .resolve(repository.name())
        .resolve(branch.issue() + "-" + branch.slug())
        .resolve(branch.key());
  }

  /** The directory holding all workspaces, for {@link WorkspaceJanitor}. */
  public Path root() {
    return root;
  }

  /**
   * The workspace of {@code branch} if one exists on disk, e.g. to resume after a restart before
   * the janitor runs; empty when there is none or it is not a complete Specwright workspace.
   */
  public java.util.Optional<Workspace> open(RepositoryId repository, BranchName branch) {
    Path dir = pathOf(repository, branch);
    if (!Files.isDirectory(dir.resolve(".git"))) {
      return java.util.Optional.empty();
    }
    try (Git git = Git.open(dir.toFile())) {
      StoredConfig config = git.getRepository().getConfig();
      String baseBranch = config.getString("specwright", null, "baseBranch");
      String baseCommit = config.getString("specwright", null, "baseCommit");
      if (!branch.toString().equals(config.getString("specwright", null, "branch"))
          || baseBranch == null
          || baseCommit == null
          || !ObjectId.isId(baseCommit)) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(
          new Workspace(dir, repository, branch, baseBranch, ObjectId.fromString(baseCommit)));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * A fresh workspace for {@code branch}; one left over at the same place (by a crash) is replaced.
   *
   * @param baseBranch the branch PRs target, e.g. the repository's default branch
   */
  public Workspace create(Mirror mirror, BranchName branch, String baseBranch)
      throws WorkspaceException {
    Path dir = pathOf(mirror.repository(), branch);
    try (Repository source = FileRepositoryBuilder.create(mirror.gitDir().toFile())) {
      Ref base = source.exactRef("refs/heads/" + baseBranch);
      if (base == null) {
        throw new WorkspaceException(
            "base branch '" + baseBranch + "' does not exist in " + mirror.repository());
      }
      Ref existing = source.exactRef(branch.ref());
      ObjectId start = existing != null ? existing.getObjectId() : base.getObjectId();

      FileTrees.deleteRecursively(dir);
      Files.createDirectories(dir);
      Git.init().setDirectory(dir.toFile()).setInitialBranch(branch.toString()).call().close();
      Path alternates = dir.resolve(".git/objects/info/alternates");
      Files.createDirectories(alternates.getParent());
      Files.writeString(
          alternates, mirror.objects().toAbsolutePath() + "\n", StandardCharsets.UTF_8);

      try (Git git = Git.open(dir.toFile())) {
        Repository repo = git.getRepository();
        StoredConfig config = repo.getConfig();
        config.setString("specwright", null, "repository", mirror.repository().toString());
        config.setString("specwright", null, "branch", branch.toString());
        config.setString("specwright", null, "baseBranch", baseBranch);
        config.setString("specwright", null, "baseCommit", base.getObjectId().name());
        config.setInt("gc", null, "auto", 0); // a gc here must never repack the borrowed objects
        config.save();
        RefUpdate update = repo.updateRef(branch.ref());
        update.setNewObjectId(start);
        update.setExpectedOldObjectId(ObjectId.zeroId());
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW) {
          throw new WorkspaceException("cannot create branch " + branch + ": " + result);
        }
        if (!FreshCheckout.write(repo, source, start)) {
          git.reset().setMode(ResetCommand.ResetType.HARD).setRef(start.name()).call();
        }
      }
      return new Workspace(dir, mirror.repository(), branch, baseBranch, base.getObjectId());
    } catch (GitAPIException | IOException e) {
      try {
        FileTrees.deleteRecursively(dir);
      } catch (IOException ignored) {
        // the janitor sweeps it at the next start
      }
      throw new WorkspaceException(
          "cannot create workspace for " + branch + ": " + e.getMessage(), e);
    }
  }
}
