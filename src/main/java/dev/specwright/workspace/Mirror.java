package dev.specwright.workspace;

import java.nio.file.Path;

/**
 * A bare local mirror of one repository: every branch and tag of the remote at the last fetch.
 *
 * @param gitDir the bare repository, {@code <dataDir>/mirrors/<owner>/<name>.git}
 */
public record Mirror(RepositoryId repository, Path gitDir) {

  /** The object store workspaces borrow through {@code objects/info/alternates}. */
  public Path objects() {
    return gitDir.resolve("objects");
  }
}
