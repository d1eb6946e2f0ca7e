package dev.sngrad.bench.experiment;

import dev.sngrad.data.Dataset;
import dev.sngrad.data.Normalization;
import dev.sngrad.data.TrainTest;
import dev.sngrad.data.mnist.FashionMnist;
import dev.sngrad.data.registry.DatasetRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.stream.IntStream;

/** Small slices of the embedded data for tests that train. */
final class SmallData {
  private SmallData() {}

  /** 1,000 training and 500 test examples of the embedded set, evenly spaced, no validation split. */
  static DataBundle embedded1000() throws IOException {
    TrainTest embedded = FashionMnist.embeddedSubset();
    Dataset train = embedded.train().subset("train-1000", IntStream.range(0, 1000).map(i -> i * 10).toArray());
    Dataset test = embedded.test().subset("test-500", IntStream.range(0, 500).map(i -> i * 4).toArray());
    return new DataBundle("embedded", train, Optional.empty(), test, Normalization.fromTraining(train),
        DatasetRegistry.builtIn().get("embedded").studyAugmentation());
  }
}
