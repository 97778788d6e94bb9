package dev.specwright.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Head and tail of an output flood, with a note of what was cut between them. */
class OutputCaptureTest {

  private static OutputCapture drain(String text, int cap) {
    OutputCapture capture = new OutputCapture(cap);
    capture.drain(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    return capture;
  }

  @Test
  void keepsOutputUpToTheCapWhole() {
    OutputCapture capture = drain("a".repeat(300), 300);

    assertThat(capture.truncated()).isFalse();
    assertThat(capture.text()).isEqualTo("a".repeat(300));
  }

  @Test
  void keepsHeadAndTailAndSaysHowMuchWasCut() {
    OutputCapture capture = drain("H".repeat(150) + "-".repeat(1000) + "T".repeat(150), 300);

    assertThat(capture.truncated()).isTrue();
    assertThat(capture.text())
        .isEqualTo(
            "H".repeat(150)
                + "\n[… 1000 bytes of output cut; 1300 bytes in all, first 150 and last 150 kept …]\n"
                + "T".repeat(150));
  }

  @Test
  void tailIsInOrderAfterTheRingWrapsManyTimes() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      text.append(i).append('\n');
    }
    OutputCapture capture = drain(text.toString(), 256);

    assertThat(capture.text()).endsWith("9997\n9998\n9999\n").startsWith("0\n1\n2\n");
  }
}
