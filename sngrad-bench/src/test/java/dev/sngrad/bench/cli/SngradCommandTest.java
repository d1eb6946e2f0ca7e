package dev.sngrad.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sngrad.autodiff.ExecutionContext;
import dev.sngrad.autodiff.internal.TensorArrays;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.bench.experiment.Backend;
import dev.sngrad.bench.experiment.DataBundle;
import dev.sngrad.data.Batch;
import dev.sngrad.data.Batcher;
import dev.sngrad.nn.Evaluation;
import dev.sngrad.nn.Model;
import dev.sngrad.nn.checkpoint.Checkpoint;
import dev.sngrad.nn.checkpoint.CheckpointFile;
import dev.sngrad.nn.layer.Sequential;
import dev.sngrad.nn.loss.Loss;
import dev.sngrad.nn.spec.ModelSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SngradCommandTest {
  @TempDir Path dir;

  private record Outcome(int exitCode, String out, String err) {}

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SngradCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void argumentErrorsExitWithTwoAndSayWhatIsWrong() {
    Outcome unknown = run("train", "--dataset", "imagenet", "-q");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown dataset 'imagenet'").contains("embedded, mnist, fashion-mnist, cifar10");

    Outcome alpha = run("train", "--rule", "II", "--alpha", "-1", "-q");
    assertThat(alpha.exitCode()).isEqualTo(2);
    assertThat(alpha.err()).contains("alpha must be > 0, got -1.0");

    Outcome batch = run("compare", "--batch-sizes", "0", "-q");
    assertThat(batch.exitCode()).isEqualTo(2);
    assertThat(batch.err()).contains("batch sizes must be > 0");

    Outcome rule = run("compare", "--optimizers", "sgd+IV", "-q");
    assertThat(rule.exitCode()).isEqualTo(2);
    assertThat(rule.err()).contains("unknown sngrad rule 'IV'");
  }

  @Test
  void aMissingDataFolderListsThePlacesSearchedAndHowToGetTheFiles() {
    Outcome missing = run("train", "--dataset", "mnist", "--data-dir", dir.resolve("nothing-here").toString(), "--no-download", "-q");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err())
        .contains("MNIST not found")
        .contains(dir.resolve("nothing-here").toString())
        .contains(".sngrad/datasets/mnist")
        .contains("/usr/share/datasets/mnist")
        .contains("train-images-idx3-ubyte.gz")
        .contains("--data-dir");
  }

  @Test
  void helpNamesTheCommandsAndTheDataSearchOrder() {
    Outcome help = run("--help");
    assertThat(help.out()).contains("train", "lr-search", "compare", "study");
    Outcome compareHelp = run("compare", "--help");
    assertThat(compareHelp.out()).contains("Default: 128,256,512,1024").contains("$SNGRAD_DATA").contains("resumes")
        .contains("report.html");
    assertThat(run("study", "--help").out()).contains("report.html");
  }

  @Test
  void aTinyCompareOnTheEmbeddedDataWritesEveryOutput() throws IOException {
    Path out = dir.resolve("compare");
    Outcome r = run("compare", "--hidden", "16", "--epochs", "1", "--seeds", "1", "--lr-points", "2", "--lr-min", "0.01",
        "--lr-max", "0.1", "--batch-sizes", "512", "--threads", "1", "--out", out.toString(), "-q");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("### Batch size 512").contains("| sgd |").contains("| sgd+III(alpha=0.1) |")
        .contains("| dataset | sgd | sgd+I(alpha=0.1) | sgd+II(alpha=0.05) | sgd+III(alpha=0.1) |")
        .contains("| embedded |");
    for (String file : new String[] {"runs.csv", "lr-search.csv", "results.json", "summary.md", "report.html"}) {
      assertThat(out.resolve(file)).isNotEmptyFile();
    }
    // 4 optimizers x 2 search runs; the training run (seed 0, 1 epoch, chosen rate) has the
    // config of the winning search run, so the ledger hands back that result instead of training again
    try (var runs = Files.list(out.resolve("runs"))) {
      assertThat(runs.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(8);
    }
    assertThat(Files.readAllLines(out.resolve("runs.csv"))).hasSize(1 + 4).first().asString().startsWith("dataset,hidden,optimizer");
    for (String png : new String[] {"accuracy-b512.png", "loss-b512.png", "lr-search-b512.png", "layers-damped-sgd-II-0.05-b512.png"}) {
      BufferedImage image = ImageIO.read(out.resolve("plots").resolve(png).toFile());
      assertThat(image).as(png).isNotNull();
      assertThat(image.getWidth()).isEqualTo(900);
      assertThat(image.getHeight()).isEqualTo(600);
    }
  }

  @Test
  void trainWritesConfigMetricsAndACheckpoint() throws IOException {
    Path out = dir.resolve("train");
    Outcome r = run("train", "--hidden", "16", "--epochs", "2", "--batch-size", "256", "--rule", "II", "--threads", "1",
        "--out", out.toString(), "-q");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("sgd+II(alpha=0.05): test accuracy");
    assertThat(Files.readString(out.resolve("config.json"))).contains("\"learningRate\" : 0.05");
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertThat(metrics).hasSize(3);
    assertThat(metrics.get(0)).endsWith(",tail_train_loss,noise_scale,noise_scale_unbiased,noise_scale_unbiased:dense1/weight,noise_scale_unbiased:dense1/bias,"
        + "noise_scale_unbiased:dense2/weight,noise_scale_unbiased:dense2/bias");
    for (String row : metrics.subList(1, 3)) {
      String[] cells = row.split(",");
      for (int c = cells.length - 5; c < cells.length; c++) {
        assertThat(Double.parseDouble(cells[c])).as(row).isPositive().isFinite();
      }
    }
    var checkpoint = dev.sngrad.nn.checkpoint.CheckpointFile.read(out.resolve("final.ckpt"));
    assertThat(checkpoint.params().count()).isEqualTo(4);
    // sgd+II is chain(snr, scale): both stateless (the rule's diagnostics are no state), two markers
    assertThat(checkpoint.optimizerState().asMap().keySet()).containsExactly("0/empty", "1/empty");
  }

  @Test
  void trainTakesAWarmUpAndAClippingAndRefusesBadOnes() throws IOException {
    Path out = dir.resolve("modified");
    Outcome r = run("train", "--epochs", "1", "--hidden", "8", "--rule", "III", "--alpha", "1", "--warmup", "3", "--clip", "0.5",
        "--threads", "1", "--out", out.toString(), "-q");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("sgd+III(alpha=1.0)@warmup(3)@clip(0.5): test accuracy");
    assertThat(Files.readString(out.resolve("config.json"))).contains("\"warmupSteps\" : 3", "\"clipNorm\" : 0.5");

    Outcome bad = run("train", "--epochs", "1", "--hidden", "8", "--clip", "-1", "--out", dir.resolve("bad").toString(), "-q");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("clip");
    assertThat(dir.resolve("bad")).doesNotExist();
  }

  @Test
  void aCnnCheckpointHoldsTheTrainedParametersBitForBit() throws IOException {
    // a small CNN on the embedded 1x28x28 images: conv 28 -> 14, pool 14 -> 7, then dense
    String model = "conv:4k3s2p1,relu,maxpool:2,flatten,dense:16,relu,dense";
    String[] args = {"train", "--model", model, "--epochs", "1", "--batch-size", "256", "--rule", "II", "--threads", "1",
        "--seed", "3", "-q", "--out"};
    Outcome first = run(concat(args, dir.resolve("cnn-a").toString()));
    assertThat(first.exitCode()).as(first.err()).isZero();
    Checkpoint checkpoint = CheckpointFile.read(dir.resolve("cnn-a/final.ckpt"));

    // the checkpoint says which network it holds, and its tensors are that network's parameters
    String text = new ObjectMapper().readTree(checkpoint.metadata().get("config")).get("model").asText();
    assertThat(text).isEqualTo(model);
    DataBundle data = DataBundle.load("embedded", Optional.empty(), false, 0, 3, Optional.empty());
    Sequential network = ModelSpec.parse(text).build(Shape.of(1, 28, 28), data.classes());
    Params params = checkpoint.params();
    Params fresh = network.init(0);
    assertThat(params.asMap().keySet()).containsExactlyElementsOf(fresh.asMap().keySet());
    fresh.asMap().forEach((name, t) -> assertThat(params.get(name).shape()).as(name).isEqualTo(t.shape()));
    assertThat(params.get("conv1/weight").shape()).isEqualTo(Shape.of(4, 1, 3, 3));

    // evaluated from the checkpoint on the run's kernel ("auto") and thread count, the test set
    // gives exactly the loss and accuracy training reported (another kernel sums in another order)
    Evaluation evaluation = new Evaluation(new Model(network, Loss.softmaxCrossEntropy()),
        ExecutionContext.of(Backend.parse("auto").kernel(), WorkerThreads.shared(1)));
    for (Batch b : Batcher.builder(data.test(), data.normalization()).batchSize(1024).shuffle(false).build().epoch(0)) {
      evaluation.add(params, TensorArrays.wrap(Shape.of(b.shape()), b.inputs()), b.labels());
    }
    List<String> metrics = Files.readAllLines(dir.resolve("cnn-a/metrics.csv"));
    assertThat(metrics.get(0)).endsWith(",noise_scale,noise_scale_unbiased,noise_scale_unbiased:conv1/weight,noise_scale_unbiased:conv1/bias,"
        + "noise_scale_unbiased:dense1/weight,noise_scale_unbiased:dense1/bias,noise_scale_unbiased:dense2/weight,noise_scale_unbiased:dense2/bias");
    String[] last = metrics.get(1).split(",");
    for (int c = last.length - 7; c < last.length; c++) {
      assertThat(Double.parseDouble(last[c])).as(metrics.get(0).split(",")[c]).isPositive().isFinite();
    }
    assertThat(evaluation.result().meanLoss()).isEqualTo(Double.parseDouble(last[3]));
    assertThat(evaluation.result().accuracy()).isEqualTo(Double.parseDouble(last[4])).isGreaterThan(0.1);

    // the same seed trains the same parameters, bit for bit; another seed does not
    Outcome again = run(concat(args, dir.resolve("cnn-b").toString()));
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(CheckpointFile.read(dir.resolve("cnn-b/final.ckpt")).params()).isEqualTo(params);
    assertThat(CheckpointFile.read(dir.resolve("cnn-b/final.ckpt")).optimizerState())
        .isEqualTo(checkpoint.optimizerState());
    String[] otherSeed = args.clone();
    otherSeed[12] = "4";
    Outcome other = run(concat(otherSeed, dir.resolve("cnn-c").toString()));
    assertThat(other.exitCode()).as(other.err()).isZero();
    assertThat(CheckpointFile.read(dir.resolve("cnn-c/final.ckpt")).params()).isNotEqualTo(params);
  }

  private static String[] concat(String[] args, String last) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }

  /** A one-run-per-optimizer study of the embedded data, as YAML. */
  private Path tinyStudy(String optimizers) throws IOException {
    Path config = dir.resolve("tiny.yaml");
    Files.writeString(config, String.join("\n",
        "datasets: [embedded]", "hidden: [8]", "batchSizes: [1000]", "optimizers: [" + optimizers + "]", "epochs: 1",
        "seeds: 1", "lrMin: 0.05", "lrMax: 0.05", "lrPoints: 1", "searchEpochs: 1", "augment: false", "validation: 0", ""));
    return config;
  }

  @Test
  void aStudyFromYamlWritesTheDatasetTable() throws IOException {
    Path config = tinyStudy("sgd, sgd+II");
    Outcome r = run("study", config.toString(), "--out", dir.resolve("study").toString(), "--threads", "1", "-q");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("study/results.md")))
        .contains("| dataset | sgd | sgd+II(alpha=0.05) |")
        .contains("| embedded |");
    assertThat(dir.resolve("study/embedded/report.html")).isNotEmptyFile();
    String report = Files.readString(dir.resolve("study/report.html"));
    assertThat(report).contains("<title>sngrad study: tiny</title>", "<th class=\"num\">sgd+II(alpha=0.05)</th>", "<td>embedded</td>",
        "<section id=\"dataset-embedded\">", "data:image/png;base64,");

    // --report-only trains nothing and writes the reports again from the recorded runs
    Files.delete(dir.resolve("study/report.html"));
    Outcome again = run("study", config.toString(), "--out", dir.resolve("study").toString(), "--report-only", "--threads", "1", "-q");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(Files.readString(dir.resolve("study/report.html"))).isEqualTo(report);
  }

  @Test
  void aDatasetsExtraOptimizersAreTrainedAndTabledAfterTheSharedOnes() throws IOException {
    Path config = tinyStudy("sgd");
    Files.writeString(config, "extraOptimizers: {embedded: [\"sgd+I:100\"]}\n", java.nio.file.StandardOpenOption.APPEND);
    Outcome r = run("study", config.toString(), "--out", dir.resolve("study").toString(), "--threads", "1", "-q");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("study/results.md"))).contains("| dataset | sgd | sgd+I(alpha=100.0) |");
    try (var runs = Files.list(dir.resolve("study/embedded/runs"))) {
      // one run per optimizer: with one rate and one epoch, the search's run is the training run
      assertThat(runs.map(p -> p.getFileName().toString().replaceAll("__?lr.*", "")))
          .containsExactlyInAnyOrder("embedded_h8_sgd", "embedded_h8_sgd+I_alpha=100.0");
    }
  }

  @Test
  void aStudyRefusesProtocolFlagsThatBelongInItsFile() throws IOException {
    Path config = tinyStudy("sgd");
    for (String flag : new String[] {"--keep-last", "--label-noise=0.2"}) {
      Outcome r = run("study", config.toString(), "--out", dir.resolve("study").toString(), flag, "-q");
      assertThat(r.exitCode()).as(flag).isNotZero();
      assertThat(r.err()).contains("set in the study file");
    }
    assertThat(dir.resolve("study")).doesNotExist();
  }

  @Test
  void aStudyRestrictedToOtherDatasetsTrainsNothingAndAnUnknownOneIsRefused() throws IOException {
    Path config = tinyStudy("sgd");
    Outcome unknown = run("study", config.toString(), "--out", dir.resolve("study").toString(), "--datasets", "mnist", "-q");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("--datasets mnist", "has only the datasets embedded");
    assertThat(dir.resolve("study")).doesNotExist();

    Outcome trained = run("study", config.toString(), "--out", dir.resolve("study").toString(), "--datasets", "embedded",
        "--threads", "1", "--kernel", "java", "-q");
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    try (var runs = Files.list(dir.resolve("study/embedded/runs"))) {
      assertThat(runs.map(p -> p.getFileName().toString())).singleElement().asString().endsWith("_e1_s0_droplast.json");
    }
  }

  @Test
  void theOpenBlasKernelRunsWhereItIsAvailableAndIsRefusedWithTheReasonElsewhere() {
    Outcome r = run("train", "--epochs", "1", "--hidden", "8", "--kernel", "openblas", "--out",
        dir.resolve("native").toString(), "-q");
    if (dev.sngrad.autodiff.linalg.NativeBlas.available()) {
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(dir.resolve("native/config.json")).content().contains("\"backend\" : \"OPENBLAS\"")
          .containsPattern("\"kernel\" : \"openblas(-bundled(-inplace|-pinned)?)?\\(\\d+ threads\\)"
              + "(, processor kernels \\S+ \\(OPENBLAS_CORETYPE\\))?\"");
    } else {
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.err()).contains("kernel openblas is unavailable: ");
    }
  }

  @Test
  void theDefaultKernelIsNamedInTheFirstOutputLineAndInConfigJson() throws IOException {
    java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stderr = System.err;
    Outcome r;
    try {
      System.setErr(new java.io.PrintStream(progress, true, java.nio.charset.StandardCharsets.UTF_8));
      r = run("train", "--epochs", "1", "--hidden", "8", "--threads", "1", "--out", dir.resolve("auto").toString());
    } finally {
      System.setErr(stderr);
    }
    assertThat(r.exitCode()).as(r.err()).isZero();
    String kernel = dev.sngrad.bench.experiment.Backend.parse("auto").describe(1);
    String firstLine = progress.toString(java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("");
    assertThat(firstLine).startsWith("training mlp:8 on embedded").endsWith(", kernel " + kernel);
    assertThat(dir.resolve("auto/config.json")).content().contains("\"kernel\" : \"" + kernel + "\"");
  }

  @Test
  void aStudyFileWithAnUnknownKeyIsRefused() throws IOException {
    Path config = dir.resolve("bad.json");
    Files.writeString(config, "{\"datasets\": [\"embedded\"], \"epochz\": 3}");
    Outcome r = run("study", config.toString(), "--out", dir.resolve("bad").toString(), "-q");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("epochz");
  }

  @Test
  void anEngineNotOnTheClasspathAndAMasterWithoutSparkAreRefused() throws IOException {
    Path config = tinyStudy("sgd");
    Outcome spark = run("study", config.toString(), "--out", dir.resolve("s").toString(), "--engine", "spark", "-q");
    assertThat(spark.exitCode()).isEqualTo(2);
    assertThat(spark.err()).contains("engine 'spark' is not on the classpath").contains("./sngrad");

    Outcome master = run("study", config.toString(), "--out", dir.resolve("m").toString(), "--master", "local[2]", "-q");
    assertThat(master.exitCode()).isEqualTo(2);
    assertThat(master.err()).contains("--master local[2] needs --engine spark");
    assertThat(dir.resolve("m")).doesNotExist();
  }

  @Test
  void trainTakesAModelSpecAndRecordsIt() throws IOException {
    Path out = dir.resolve("dropout");
    Outcome r = run("train", "--model", "dense:16, relu, dropout:0.5, dense", "--epochs", "1", "--batch-size", "256",
        "--threads", "1", "--out", out.toString(), "-q");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("config.json")))
        .contains("\"model\" : \"dense:16,relu,dropout:0.5,dense\"").contains("\"hidden\" : [ ]");

    Path mlp = dir.resolve("mlp");
    assertThat(run("train", "--model", "mlp:16", "--epochs", "1", "--threads", "1", "--out", mlp.toString(), "-q").exitCode())
        .isZero();
    Path hidden = dir.resolve("hidden");
    assertThat(run("train", "--hidden", "16", "--epochs", "1", "--threads", "1", "--out", hidden.toString(), "-q").exitCode())
        .isZero();
    // the same network either way: the same config and, column by column, the same losses and accuracies
    assertThat(Files.readString(mlp.resolve("config.json"))).isEqualTo(Files.readString(hidden.resolve("config.json")))
        .contains("\"model\" : \"mlp:16\"");
    assertThat(lossesAndAccuracies(mlp)).isEqualTo(lossesAndAccuracies(hidden));
  }

  /** The first five columns of metrics.csv: epoch, train loss and accuracy, test loss and accuracy. */
  private static List<String> lossesAndAccuracies(Path run) throws IOException {
    return Files.readAllLines(run.resolve("metrics.csv")).stream()
        .map(line -> String.join(",", List.of(line.split(",")).subList(0, 5))).toList();
  }

  @Test
  void badModelSpecsAreRefusedNamingTheToken() {
    Outcome token = run("train", "--model", "dense:16,dropuot:0.5,dense", "-q");
    assertThat(token.exitCode()).isEqualTo(2);
    assertThat(token.err()).contains("bad token 'dropuot:0.5'").contains("unknown layer 'dropuot'");
    Outcome both = run("compare", "--model", "mlp:16", "--hidden", "16", "-q");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("give --model or --hidden, not both");
    Outcome shape = run("train", "--model", "dense:16,relu,dense:3", "--epochs", "1", "-q");
    assertThat(shape.exitCode()).isEqualTo(2);
    assertThat(shape.err()).contains("but there are 10 classes");
  }

  @Test
  void helpDocumentsTheModelGrammar() {
    for (String command : new String[] {"train", "compare", "lr-search"}) {
      assertThat(run(command, "--help").out()).as(command)
          .contains("--model=SPEC", "Models (--model", "cnn-small", "conv:FkK[sS][pP]", "dropout:R", "maxpool:K[sS]",
              "groupnorm:G");
    }
    assertThat(run("study", "--help").out()).contains("model");
  }

  @Test
  void aStudyWithAModelKeyNamesItsMlpRunsAsAStudyWithHiddenDoes() throws IOException {
    Path withHidden = tinyStudy("sgd");
    assertThat(run("study", withHidden.toString(), "--out", dir.resolve("hidden").toString(), "--threads", "1", "-q").exitCode())
        .isZero();
    Path withModel = dir.resolve("model.yaml");
    Files.writeString(withModel, Files.readString(withHidden).replace("hidden: [8]", "model: mlp:8"));
    List<Path> records;
    try (var runs = Files.list(dir.resolve("hidden/embedded/runs"))) {
      records = runs.toList();
    }
    assertThat(records).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).startsWith("embedded_h8_sgd_lr"));
    var written = Files.getLastModifiedTime(records.get(0));
    // the same folder: every run is found in the ledger the hidden: study wrote, so none is trained again
    Outcome again = run("study", withModel.toString(), "--out", dir.resolve("hidden").toString(), "--threads", "1", "-q");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(Files.getLastModifiedTime(records.get(0))).isEqualTo(written);
    try (var runs = Files.list(dir.resolve("hidden/embedded/runs"))) {
      assertThat(runs.toList()).isEqualTo(records);
    }
    Path both = dir.resolve("both.yaml");
    Files.writeString(both, Files.readString(withHidden).replace("hidden: [8]", "hidden: [8]\nmodel: mlp:8"));
    Outcome refused = run("study", both.toString(), "--out", dir.resolve("both").toString(), "-q");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("'model' or 'hidden', not both");
  }
}
