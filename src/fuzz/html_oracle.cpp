#include "fuzz/html_oracle.h"

#include <cctype>
#include <cstdlib>
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

static bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// A scheme (letters, then letters, digits, "+.-", then ':') at the start.
static bool HasScheme(const std::string& url) {
  if (url.empty() || !std::isalpha(static_cast<unsigned char>(url[0]))) return false;
  for (char c : url) {
    if (c == ':') return true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '.' && c != '-')
      return false;
  }
  return false;
}

std::optional<std::string> UnsafeHtml(const std::string& html) {
  // A scanner rather than std::regex: libstdc++'s regex recurses per
  // character and overflows the stack on a long page.
  static const std::set<std::string> kTags = {
      "p",   "br",    "hr",    "h1",    "h2",  "h3", "h4", "h5",   "h6",         "strong",
      "em",  "del",   "u",     "a",     "img", "ul", "ol", "li",   "blockquote", "code",
      "pre", "table", "thead", "tbody", "tr",  "th", "td", "input"};
  static const std::set<std::string> kAttributes = {"href",     "src",     "alt",   "title",
                                                    "align",    "start",   "class", "type",
                                                    "disabled", "checked", "rel"};
  for (std::size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i)) {
    ++i;
    if (i < html.size() && html[i] == '/') ++i;
    std::size_t name_end = i;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end])))
      ++name_end;
    std::string name = Lower(html.substr(i, name_end - i));
    if (!kTags.contains(name)) return "tag <" + name + ">";
    i = name_end;
    for (;;) {
      while (i < html.size() && (html[i] == ' ' || html[i] == '/')) ++i;
      if (i >= html.size()) return "a tag that never ends";
      if (html[i] == '>') break;
      std::size_t attr_end = i;
      while (attr_end < html.size() && IsNameChar(html[attr_end])) ++attr_end;
      if (attr_end == i) return std::string("an attribute that starts with '") + html[i] + "'";
      std::string attr = Lower(html.substr(i, attr_end - i));
      if (!kAttributes.contains(attr)) return "attribute " + attr;
      i = attr_end;
      std::string value;
      if (i < html.size() && html[i] == '=') {
        if (i + 1 >= html.size() || html[i + 1] != '"') return "an unquoted value of " + attr;
        std::size_t close = html.find('"', i + 2);
        if (close == std::string::npos) return "a value of " + attr + " that never ends";
        value = html.substr(i + 2, close - i - 2);
        i = close + 1;
      }
      if (attr != "href" && attr != "src") continue;
      // Relative addresses are safe; a scheme must be one of three.
      std::string url = AsBrowserReads(value);
      if (HasScheme(url) && !url.starts_with("https://") && !url.starts_with("http://") &&
          !url.starts_with("mailto:"))
        return attr + "=\"" + url + "\"";
    }
  }
  return std::nullopt;
}

}  // namespace doma::fuzz
