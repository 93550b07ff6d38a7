// The Markdown fuzz target's oracle must be able to fail: it lets through
// what Markdown makes and catches what a browser would run.
#include "fuzz/html_oracle.h"

#include <gtest/gtest.h>

namespace doma::fuzz {
namespace {

TEST(HtmlOracle, LetsThroughWhatMarkdownMakes) {
  for (
      const char* safe :
      {"<p>text &amp; <strong>bold</strong> <em>it</em></p>\n",
       "<p><a href=\"https://example.org/a?b=c&amp;d\" title=\"t\">x</a> <a href=\"/news/1\">n</a> "
       "<a href=\"page.html\">p</a> <a href=\"#top\">t</a> <a href=\"mailto:a@b.c\">m</a></p>",
       "<p><img src=\"/static/a.png\" alt=\"a\"></p>",
       "<table><thead><tr><th align=\"left\">a</th>",
       "<ol start=\"3\"><li>x</li></ol><pre><code class=\"language-c\">&lt;script&gt;</code></pre>",
       "<p>javascript: is only text here</p>"})
    EXPECT_EQ(UnsafeHtml(safe), std::nullopt) << safe;
}

TEST(HtmlOracle, CatchesWhatABrowserWouldRun) {
  for (const char* unsafe :
       {"<script>alert(1)</script>", "<p><iframe src=\"https://x\"></iframe></p>",
        "<p onclick=\"alert(1)\">x</p>", "<img src=\"/a.png\" onerror=\"alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>", "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>", "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\" javascript&colon;alert(1)\">x</a>", "<a href=\"vbscript:x\">x</a>",
        "<img src=\"data:image/svg+xml,&lt;svg onload=alert(1)&gt;\">",
        "<p style=\"background:url(javascript:x)\">x</p>"})
    EXPECT_NE(UnsafeHtml(unsafe), std::nullopt) << unsafe;
}

}  // namespace
}  // namespace doma::fuzz
