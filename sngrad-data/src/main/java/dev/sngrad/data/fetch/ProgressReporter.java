package dev.sngrad.data.fetch;

/**
 * Receives progress of a long transfer, e.g. a download. Calls come from the transferring thread:
 * any number of {@link #update} calls, then one {@link #finish}.
 */
public interface ProgressReporter {

  /** A reporter that ignores everything. */
  ProgressReporter NONE =
      new ProgressReporter() {
        @Override
        public void update(String label, long bytesDone, long bytesTotal) {}

        @Override
        public void finish(String label, long bytesDone) {}
      };

  /**
   * Reports that {@code bytesDone} of {@code bytesTotal} bytes are done.
   *
   * @param label what is transferred, e.g. a file name
   * @param bytesDone bytes done so far, non-decreasing
   * @param bytesTotal total bytes, or {@code -1} when unknown
   */
  void update(String label, long bytesDone, long bytesTotal);

  /**
   * Reports that the transfer of {@code label} ended (successfully or not) after {@code bytesDone}.
   *
   * @param label what was transferred, as in {@link #update}
   * @param bytesDone the bytes received in total
   */
  void finish(String label, long bytesDone);
}
