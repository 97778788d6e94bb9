package dev.specwright.agent.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading workspace files as text for the tools: size limit, binary check, UTF-8. */
final class TextFiles {

  /** Files larger than this are not read whole (the model would drown in them anyway). */
  static final long MAX_BYTES = 4L * 1024 * 1024;

  private TextFiles() {}

  static String read(Path file, String shownAs) throws ToolException {
    if (!Files.exists(file)) {
      throw new ToolException("'" + shownAs + "' does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new ToolException("'" + shownAs + "' is a directory; use list_files");
    }
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new ToolException(
            "'" + shownAs + "' is " + size + " bytes, too large to read; search it instead");
      }
      byte[] bytes = Files.readAllBytes(file);
      if (isBinary(bytes)) {
        throw new ToolException("'" + shownAs + "' is a binary file");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ToolException("cannot read '" + shownAs + "': " + e.getMessage());
    }
  }

  static boolean isBinary(byte[] bytes) {
    int n = Math.min(bytes.length, 8192);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
