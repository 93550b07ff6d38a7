#include "search/lexicon.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/text.h"
#include "search/normalize.h"

namespace doma::search {

Lexicon Lexicon::FromText(std::string_view synonyms, std::string_view stopwords) {
  Lexicon lx;
  for (auto line : text::Split(synonyms, '\n')) {
    line = text::Trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> stems;
    for (auto word : text::Split(line, ',')) {
      for (const auto& tok : Tokenize(word)) {
        std::string st = Stem(tok);
        if (std::find(stems.begin(), stems.end(), st) == stems.end()) stems.push_back(st);
      }
    }
    for (const auto& st : stems) {
      auto& group = lx.synonyms_[st];
      if (group.empty()) group.push_back(st);
      for (const auto& other : stems)
        if (std::find(group.begin(), group.end(), other) == group.end()) group.push_back(other);
    }
  }
  for (auto line : text::Split(stopwords, '\n')) {
    line = text::Trim(line);
    if (line.empty() || line.front() == '#') continue;
    lx.stopwords_.insert(Fold(line));
  }
  return lx;
}

Result<Lexicon> Lexicon::Load(const std::string& dir) {
  auto read = [](const std::string& path) -> Result<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail(Error::Unavailable(fmt::format("cannot read {}", path)));
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  auto syn = read(dir + "/synonyms.txt");
  if (!syn) return Fail(syn.error());
  auto stop = read(dir + "/stopwords.txt");
  if (!stop) return Fail(stop.error());
  return FromText(*syn, *stop);
}

const std::vector<std::string>& Lexicon::SynonymStems(const std::string& stem) const {
  static const std::vector<std::string> kNone;
  auto it = synonyms_.find(stem);
  return it == synonyms_.end() ? kNone : it->second;
}

}  // namespace doma::search
