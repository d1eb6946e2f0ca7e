/**
 * Getting a dataset's files: {@link dev.sngrad.data.fetch.DatasetSpec} names them with their
 * official checksums and download source, {@link dev.sngrad.data.fetch.DatasetLocator} finds them
 * in local folders or downloads them, {@link dev.sngrad.data.fetch.Downloader} downloads one file
 * atomically and verified ({@link dev.sngrad.data.fetch.Checksums}), and {@link
 * dev.sngrad.data.fetch.SafeTarExtractor} extracts archives without leaving their target folder.
 * Nothing here reads a dataset's format.
 */
package dev.sngrad.data.fetch;
