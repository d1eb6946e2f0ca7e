package dev.sngrad.bench.experiment;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.sngrad.data.registry.DatasetRegistry;
import dev.sngrad.data.registry.KnownDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A study: the comparison protocol over several datasets, read from JSON or YAML ({@code .yaml} /
 * {@code .yml}); unknown keys are errors. Example:
 *
 * <pre>
 * datasets: [mnist, fashion-mnist, cifar10]
 * model: mlp:512,512  # or cnn-small, or layer tokens (see ModelSpec); older files say hidden: [512, 512]
 * batchSizes: [128, 256, 512, 1024]
 * optimizers: [sgd, sgd+I, sgd+II, sgd+III]
 * extraOptimizers: {mnist: ["sgd+I:100"]}  # optional: per-dataset optimizers, after optimizers
 * epochs: 15
 * seeds: 3
 * lrMin: 0.001
 * lrMax: 1.0
 * lrPoints: 12
 * searchEpochs: 1
 * augment: false
 * validation: 0
 * dataDir: ../shared/datasets   # optional, relative to this file: a folder holding &lt;name&gt;/ folders
 * validations: {cifar10: 10000}  # optional: per-dataset validation split, overriding validation
 * testFiles: {cifar10: test_batch.first1000.bin}  # optional: CIFAR-10 test file in dataDir
 * kernel: java  # optional: auto (the default), java or openblas; see Backend
 * dropLast: true  # optional (default true): leave out each epoch's last, smaller batch
 * labelNoise: 0.2  # optional (default 0): share of training labels replaced by wrong ones
 * searchCriterion: tail  # optional: tail (the default), epoch-mean or validation-loss; see SearchCriterion
 * </pre>
 *
 * <p>{@code model} names the network ({@link dev.sngrad.nn.spec.ModelSpec#GRAMMAR}); {@code hidden:
 * [512, 512]}, the key of files written before other networks could be named, means {@code model:
 * mlp:512,512} and gives its runs the same names. A file gives one of the two.
 *
 * <p>Studies run before {@code dropLast} and {@code searchCriterion} existed trained the last
 * partial batch and ranked rates by the epoch mean: their files say {@code dropLast: false} and
 * {@code searchCriterion: epoch-mean}, so their recorded runs are found and ranked as before.
 */
public record StudyConfig(
    List<String> datasets,
    List<Integer> hidden,
    List<Integer> batchSizes,
    List<String> optimizers,
    int epochs,
    int seeds,
    double lrMin,
    double lrMax,
    int lrPoints,
    int searchEpochs,
    boolean augment,
    int validation,
    String dataDir,
    Map<String, Integer> validations,
    Map<String, String> testFiles,
    String kernel,
    Boolean dropLast,
    Double labelNoise,
    String searchCriterion,
    String model,
    Map<String, List<String>> extraOptimizers) {
  public StudyConfig {
    checkArgument(hidden == null || model == null, "a study gives 'model' or 'hidden', not both: got %s and %s", model, hidden);
    // neither: read() says so, after the file's keys are checked (an unknown key is the likelier mistake)
    model = hidden == null && model == null ? null : ExperimentConfig.network(hidden == null ? List.of() : hidden, model).text();
    hidden = hidden == null ? ImmutableList.of() : ImmutableList.copyOf(hidden);
    datasets = ImmutableList.copyOf(datasets);
    checkArgument(!datasets.isEmpty(), "a study needs at least one dataset");
    datasets.forEach(DatasetRegistry.builtIn()::get); // fails on an unknown name, listing the known ones
    dataDir = dataDir == null ? "" : dataDir.strip();
    validations = validations == null ? ImmutableMap.of() : ImmutableMap.copyOf(validations);
    testFiles = testFiles == null ? ImmutableMap.of() : ImmutableMap.copyOf(testFiles);
    kernel = kernel == null ? "auto" : kernel;
    dropLast = dropLast == null || dropLast;
    labelNoise = labelNoise == null ? 0.0 : labelNoise;
    checkArgument(labelNoise >= 0 && labelNoise <= 1, "labelNoise must be in [0, 1], got %s", labelNoise);
    searchCriterion = searchCriterion == null ? SearchCriterion.TAIL.label() : searchCriterion;
    SearchCriterion.parse(searchCriterion); // fails early, naming the known criteria
    // absent: read() says so, after the file's keys are checked, as for the model
    optimizers = optimizers == null ? ImmutableList.of() : ImmutableList.copyOf(optimizers);
    ImmutableMap.Builder<String, List<String>> extras = ImmutableMap.builder();
    if (extraOptimizers != null) {
      for (Map.Entry<String, List<String>> e : extraOptimizers.entrySet()) {
        checkArgument(datasets.contains(e.getKey()), "extraOptimizers names %s, which is not one of the study's datasets %s",
            e.getKey(), datasets);
        List<String> both = joined(optimizers, e.getValue());
        checkArgument(both.stream().map(o -> OptimizerSpec.parse(o, 0)).distinct().count() == both.size(),
            "extraOptimizers of %s repeats an optimizer: %s after %s", e.getKey(), e.getValue(), optimizers);
        extras.put(e.getKey(), ImmutableList.copyOf(e.getValue()));
      }
    }
    extraOptimizers = extras.buildOrThrow();
  }

  /** Reads a study file. */
  public static StudyConfig read(Path file) throws IOException {
    String name = file.getFileName().toString();
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      StudyConfig study = mapper.readValue(file.toFile(), StudyConfig.class);
      checkArgument(study.model() != null, "%s: a study needs 'model' (or 'hidden', the widths of an MLP)", file);
      checkArgument(!study.optimizers().isEmpty(), "%s: a study needs 'optimizers'", file);
      return study;
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      throw new IllegalArgumentException(file + ": " + e.getCause().getMessage(), e);
    }
  }

  /** The comparison protocol for {@code dataset}, on {@code threads} threads of {@code backend}. */
  public CompareSettings settings(String dataset, int threads, Backend backend) {
    checkArgument(model != null, "a study needs 'model' (or 'hidden', the widths of an MLP)");
    return new CompareSettings(hidden, batchSizes, optimizers(dataset).stream().map(o -> OptimizerSpec.parse(o, 0)).toList(),
        epochs, seeds, lrMin, lrMax, lrPoints, searchEpochs, augment, validation(dataset), threads, backend,
        dropLast, labelNoise, SearchCriterion.parse(searchCriterion), model);
  }

  /** The optimizers of {@code dataset}: {@code optimizers}, then its entry in {@code extraOptimizers}. */
  public List<String> optimizers(String dataset) {
    return joined(optimizers, extraOptimizers.getOrDefault(dataset, List.of()));
  }

  private static List<String> joined(List<String> shared, List<String> extra) {
    return ImmutableList.<String>builder().addAll(shared).addAll(extra).build();
  }

  /** The validation split size of {@code dataset}: its entry in {@code validations}, else {@code validation}. */
  public int validation(String dataset) {
    return validations.getOrDefault(dataset, validation);
  }

  /** The CIFAR-10 test file of {@code dataset}, if {@code testFiles} names one. */
  public Optional<String> testFile(String dataset) {
    return Optional.ofNullable(testFiles.get(dataset));
  }

  /**
   * The folder of dataset {@code name} under {@link #dataDir} (relative to the study file), if
   * one is set: its {@linkplain KnownDataset#folderName() folder name} ({@code cifar10} lives in
   * {@code cifar-10/}).
   */
  public Optional<Path> folderOf(String name, Path studyFile) {
    if (dataDir.isEmpty()) {
      return Optional.empty();
    }
    Path root = Path.of(dataDir).isAbsolute() ? Path.of(dataDir) : studyFile.toAbsolutePath().getParent().resolve(dataDir);
    return Optional.of(root.resolve(DatasetRegistry.builtIn().get(name).folderName()));
  }
}
