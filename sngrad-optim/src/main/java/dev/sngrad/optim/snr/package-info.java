/**
 * The signal-to-noise gradient rules of the sngrad study as an ordinary gradient transform: {@link
 * dev.sngrad.optim.snr.SnrRule} holds the formulas, {@link
 * dev.sngrad.optim.snr.ScaleBySignalToNoise} applies them to updates using the per-example gradient
 * statistics of the batch, and {@link dev.sngrad.optim.snr.SnrDiagnostics} reports what they did.
 */
package dev.sngrad.optim.snr;
