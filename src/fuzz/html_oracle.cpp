#include "fuzz/html_oracle.h"

#include <cctype>
#include <cstdlib>
#include <regex>
#include <set>

namespace doma::fuzz {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The address a browser follows: character references decoded (numeric ones
// and the named ones that spell a scheme), tabs and newlines dropped.
std::string AsBrowserReads(const std::string& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '&') {
      std::size_t semi = value.find(';', i);
      std::string ref = semi == std::string::npos ? "" : Lower(value.substr(i + 1, semi - i - 1));
      long code = -1;
      if (ref.starts_with("#x"))
        code = std::strtol(ref.c_str() + 2, nullptr, 16);
      else if (ref.starts_with("#"))
        code = std::strtol(ref.c_str() + 1, nullptr, 10);
      else if (ref == "amp")
        code = '&';
      else if (ref == "colon")
        code = ':';
      else if (ref == "tab" || ref == "newline")
        code = 0;
      if (code >= 0) {
        // A browser drops tabs and newlines from a URL however they were written.
        if (code > 0 && code < 128 && code != '\t' && code != '\n' && code != '\r')
          out.push_back(static_cast<char>(code));
        i = semi;
        continue;
      }
    }
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  // Leading spaces and control characters are dropped as well.
  std::size_t start = 0;
  while (start < out.size() && static_cast<unsigned char>(out[start]) <= 0x20) ++start;
  return Lower(out.substr(start));
}

}  // namespace

std::optional<std::string> UnsafeHtml(const std::string& html) {
  static const std::set<std::string> kTags = {
      "p",   "br",    "hr",    "h1",    "h2",  "h3", "h4", "h5",   "h6",         "strong",
      "em",  "del",   "u",     "a",     "img", "ul", "ol", "li",   "blockquote", "code",
      "pre", "table", "thead", "tbody", "tr",  "th", "td", "input"};
  static const std::set<std::string> kAttributes = {"href",     "src",     "alt",   "title",
                                                    "align",    "start",   "class", "type",
                                                    "disabled", "checked", "rel"};
  static const std::regex kTag("<(/?)([A-Za-z0-9]+)([^>]*)>");
  static const std::regex kAttribute("([A-Za-z-]+)(=\"([^\"]*)\")?");
  for (std::sregex_iterator t(html.begin(), html.end(), kTag), end; t != end; ++t) {
    std::string name = Lower((*t)[2]);
    if (!kTags.contains(name)) return "tag <" + name + ">";
    std::string attrs = (*t)[3];
    for (std::sregex_iterator a(attrs.begin(), attrs.end(), kAttribute); a != end; ++a) {
      std::string attr = Lower((*a)[1]);
      if (!kAttributes.contains(attr)) return "attribute " + attr;
      if (attr != "href" && attr != "src") continue;
      // Relative addresses are safe; a scheme must be one of three.
      static const std::regex kScheme("^[a-z][a-z0-9+.-]*:");
      std::string url = AsBrowserReads((*a)[3]);
      if (std::regex_search(url, kScheme) && !url.starts_with("https://") &&
          !url.starts_with("http://") && !url.starts_with("mailto:"))
        return attr + "=\"" + url + "\"";
    }
  }
  return std::nullopt;
}

}  // namespace doma::fuzz
