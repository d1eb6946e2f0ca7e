package dev.sngrad.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownHtmlTest {
  @Test
  void headingsParagraphsAndTablesBecomeTheirElements() {
    String md = String.join("\n",
        "## Results", "", "First line", "and its continuation.", "", "| optimizer | accuracy % |", "|---|---:|",
        "| sgd | 88.1 ± 0.2 |", "| sgd+I(alpha=0.1) | 88.3 |", "### Next", "after");
    assertThat(MarkdownHtml.toHtml(md)).isEqualTo(String.join("\n",
        "<h2>Results</h2>",
        "<p>First line and its continuation.</p>",
        "<table>",
        "<thead><tr><th>optimizer</th><th class=\"num\">accuracy %</th></tr></thead>",
        "<tbody>",
        "<tr><td>sgd</td><td class=\"num\">88.1 ± 0.2</td></tr>",
        "<tr><td>sgd+I(alpha=0.1)</td><td class=\"num\">88.3</td></tr>",
        "</tbody>",
        "</table>",
        "<h3>Next</h3>",
        "<p>after</p>",
        ""));
  }

  @Test
  void textIsEscapedAndNotInterpreted() {
    assertThat(MarkdownHtml.toHtml("\"vs sgd\" <b> & #hashtag"))
        .isEqualTo("<p>&quot;vs sgd&quot; &lt;b&gt; &amp; #hashtag</p>\n");
    assertThat(MarkdownHtml.toHtml("| a<script> |\n|---|\n| x & y |"))
        .contains("<th>a&lt;script&gt;</th>").contains("<td>x &amp; y</td>");
  }

  @Test
  void everyTableOfTheMarkdownReportArrivesWithAllItsRows() {
    String md = Report.markdown(SampleComparison.result());
    String html = MarkdownHtml.toHtml(md);
    long markdownRows = md.lines().filter(l -> l.startsWith("|") && !l.startsWith("|---")).count();
    assertThat(html.split("<tr>", -1)).hasSize((int) markdownRows + 1);
    assertThat(html).contains("<td>sgd+II(alpha=0.05)</td>").doesNotContain("|");
  }
}
