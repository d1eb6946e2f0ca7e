/**
 * Studies on Apache Spark: {@link dev.sngrad.spark.SparkEngine} runs every learning-rate search
 * point and every training run of a study as one Spark task; the driver alone records the results
 * in the study's ledger and writes its reports, as the local engine does.
 */
package dev.sngrad.spark;
