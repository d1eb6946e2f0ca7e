package dev.sngrad.spark;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * Prints the JVM options Spark's own launcher gives a driver (the module openings of {@link
 * JavaModuleOptions}), for {@code ./sngrad}, which starts a driver without spark-submit. Openings
 * of packages this JDK no longer has are left out (the JVM would warn about each).
 */
public final class DriverJavaOptions {
  private DriverJavaOptions() {}

  public static void main(String[] args) {
    System.out.println(Arrays.stream(JavaModuleOptions.defaultModuleOptionArray())
        .filter(DriverJavaOptions::opensAnExistingPackage)
        .collect(Collectors.joining(" ")));
  }

  /** False for {@code --add-opens=MODULE/PACKAGE=...} naming a package this JDK lacks; true otherwise. */
  static boolean opensAnExistingPackage(String option) {
    if (!option.startsWith("--add-opens=")) {
      return true;
    }
    String target = option.substring("--add-opens=".length()).split("=", 2)[0];
    String[] modulePackage = target.split("/", 2);
    return modulePackage.length == 2 && ModuleLayer.boot().findModule(modulePackage[0])
        .map(m -> m.getPackages().contains(modulePackage[1]))
        .orElse(false);
  }
}
