package dev.sngrad.bench.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * HTML of the Markdown that {@link Report} writes, so that the HTML report shows the very tables of
 * {@code summary.md} instead of building them a second time. Only what {@link Report} uses is
 * understood: ATX headings ({@code #} to {@code ######}), pipe tables (a header row, a separator
 * row whose {@code ---:} cells right-align their column, body rows) and paragraphs of plain text,
 * separated by blank lines. Everything is HTML-escaped; nothing else is interpreted.
 */
final class MarkdownHtml {
  private MarkdownHtml() {}

  static String toHtml(String markdown) {
    StringBuilder html = new StringBuilder();
    List<String> paragraph = new ArrayList<>();
    List<String> table = new ArrayList<>();
    for (String line : markdown.split("\\R", -1)) {
      String trimmed = line.strip();
      if (!trimmed.startsWith("|") && !table.isEmpty()) {
        table(table, html);
        table.clear();
      }
      if (trimmed.isEmpty()) {
        paragraph(paragraph, html);
      } else if (trimmed.startsWith("|")) {
        paragraph(paragraph, html);
        table.add(trimmed);
      } else if (headingLevel(trimmed) > 0) {
        paragraph(paragraph, html);
        int level = headingLevel(trimmed);
        html.append("<h").append(level).append('>').append(escape(trimmed.substring(level).strip()))
            .append("</h").append(level).append(">\n");
      } else {
        paragraph.add(trimmed);
      }
    }
    if (!table.isEmpty()) {
      table(table, html);
    }
    paragraph(paragraph, html);
    return html.toString();
  }

  /** 1-6 for a line {@code "## text"}, 0 for any other line. */
  private static int headingLevel(String line) {
    int level = 0;
    while (level < line.length() && line.charAt(level) == '#') {
      level++;
    }
    return level >= 1 && level <= 6 && level < line.length() && line.charAt(level) == ' ' ? level : 0;
  }

  private static void paragraph(List<String> lines, StringBuilder html) {
    if (!lines.isEmpty()) {
      html.append("<p>").append(escape(String.join(" ", lines))).append("</p>\n");
      lines.clear();
    }
  }

  private static void table(List<String> rows, StringBuilder html) {
    List<String> header = cells(rows.get(0));
    boolean separated = rows.size() > 1 && cells(rows.get(1)).stream().allMatch(c -> c.matches(":?-+:?"));
    List<String> alignments = separated ? cells(rows.get(1)) : List.of();
    html.append("<table>\n<thead><tr>");
    for (int i = 0; i < header.size(); i++) {
      html.append("<th").append(align(alignments, i)).append('>').append(escape(header.get(i))).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (String row : rows.subList(separated ? 2 : 1, rows.size())) {
      List<String> cells = cells(row);
      html.append("<tr>");
      for (int i = 0; i < cells.size(); i++) {
        html.append("<td").append(align(alignments, i)).append('>').append(escape(cells.get(i))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private static String align(List<String> alignments, int column) {
    return column < alignments.size() && alignments.get(column).endsWith(":") ? " class=\"num\"" : "";
  }

  /** The cells of {@code | a | b |}: the text between the pipes, stripped. */
  private static List<String> cells(String row) {
    String inner = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
