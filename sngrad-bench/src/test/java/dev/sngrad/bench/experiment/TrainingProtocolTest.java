package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The training choices of the second round's protocol change training as they say they do. */
class TrainingProtocolTest {
  private static ExperimentConfig config(int epochs, boolean dropLast, double labelNoise) {
    return new ExperimentConfig("embedded", List.of(32), OptimizerSpec.parse("sgd", 0), 0.1, 300, epochs, 0, 1, false, 0,
        Backend.JAVA, dropLast, labelNoise);
  }

  @Test
  void droppingTheLastBatchTrainsOnlyFullBatchesAndTheSameSeedRepeatsTheRun() throws Exception {
    TrainingRun trainer = new TrainingRun(SmallData.embedded1000(), Progress.quiet());
    RunResult dropped = trainer.run(config(1, true, 0)).result();
    RunResult kept = trainer.run(config(1, false, 0)).result();
    // 3 steps of 300 against 3 of 300 and one of 100: the fourth step changes the weights
    assertThat(dropped.last().testLoss()).isNotEqualTo(kept.last().testLoss());
    EpochMetrics again = trainer.run(config(1, true, 0)).result().last();
    assertThat(List.of(again.trainLoss(), again.tailTrainLoss(), again.testLoss(), again.testAccuracy()))
        .isEqualTo(List.of(dropped.last().trainLoss(), dropped.last().tailTrainLoss(), dropped.last().testLoss(),
            dropped.last().testAccuracy()));
    // the tail of a 3-step epoch is its last step; of a 4-step epoch, also the last (ceil(0.8))
    assertThat(dropped.last().tailTrainLoss()).isNotNaN();
  }

  @Test
  void withEveryLabelWrongTheNetworkLearnsTheWrongClasses() throws Exception {
    TrainingRun trainer = new TrainingRun(SmallData.embedded1000(), Progress.quiet());
    double clean = trainer.run(config(3, true, 0)).result().last().testAccuracy();
    double allWrong = trainer.run(config(3, true, 1.0)).result().last().testAccuracy();
    assertThat(clean).isGreaterThan(0.5);
    // ten classes: a network fit to only-wrong labels is worse than chance on clean test labels
    assertThat(allWrong).isLessThan(0.1);
  }
}
