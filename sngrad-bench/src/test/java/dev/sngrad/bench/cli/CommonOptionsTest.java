package dev.sngrad.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommonOptionsTest {
  @Test
  void theLaunchersAnswerDecidesWhetherProgressGoesToATerminal() {
    assertThat(CommonOptions.progressOnTerminal("true", () -> false)).isTrue();
    assertThat(CommonOptions.progressOnTerminal("false", () -> true)).isFalse();
  }

  @Test
  void withoutTheLauncherTheConsoleCheckDecides() {
    assertThat(CommonOptions.progressOnTerminal(null, () -> true)).isTrue();
    assertThat(CommonOptions.progressOnTerminal(null, () -> false)).isFalse();
  }

  @Test
  void anotherValueIsRefusedNamingIt() {
    assertThatThrownBy(() -> CommonOptions.progressOnTerminal("yes", () -> true))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("-Dsngrad.terminal=yes: expected true or false");
  }

  @Test
  void surefireRedirectsTheStreamsSoTheJvmSeesNoTerminal() {
    // the forked test JVM writes to pipes: the same check as under CI or nohup
    assertThat(CommonOptions.consoleIsTerminal()).isFalse();
  }
}
