package dev.specwright.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecwrightIdentityTest {

  static final SpecwrightIdentity ME =
      new SpecwrightIdentity(4242, "specwright[bot]", "Specwright");

  @ParameterizedTest(name = "{0} ({1}): self={2}, bot or self={3}")
  @CsvSource({
    "specwright[bot], Bot, true, true",
    "Specwright[bot], Bot, true, true",
    "specwright, User, true, true",
    "dependabot[bot], Bot, false, true",
    "renovate[bot], User, false, true",
    "some-app, Bot, false, true",
    "alice, User, false, false",
    "specwright-fan, User, false, false"
  })
  void recognisesItselfAndOtherBots(String login, String type, boolean self, boolean botOrSelf) {
    Actor actor = new Actor(login, type);

    assertThat(ME.isSelf(actor)).isEqualTo(self);
    assertThat(ME.isBotOrSelf(actor)).isEqualTo(botOrSelf);
  }

  @ParameterizedTest(name = "check run {0} of app {1}: {2}")
  @CsvSource({
    "Specwright, 4242, true",
    "Specwright: api-client, 4242, true",
    "Specwright api-client, 4242, true",
    "Specwright, 2, false",
    "SpecwrightX, 4242, false",
    "build, 4242, false"
  })
  void ownsOnlyItsOwnCheckRuns(String name, long appId, boolean owns) {
    assertThat(ME.ownsCheckRun(name, appId)).isEqualTo(owns);
  }
}
