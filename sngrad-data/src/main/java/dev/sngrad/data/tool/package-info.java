/** A small command-line tool to locate, download and inspect the datasets. */
package dev.sngrad.data.tool;
