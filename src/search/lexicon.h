// The domain's small dictionary: synonym groups and stop words, read from
// data/search/. Words are normalised and stemmed on load, so the files are
// written as people write.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"

namespace doma::search {

class Lexicon {
 public:
  // synonyms.txt: one group per line, words separated by commas; '#' comments.
  // stopwords.txt: one word per line.
  static Result<Lexicon> Load(const std::string& dir);
  static Lexicon FromText(std::string_view synonyms, std::string_view stopwords);

  // Stems of every word in the groups containing `stem` (itself included);
  // empty when it has no synonyms.
  const std::vector<std::string>& SynonymStems(const std::string& stem) const;
  bool IsStopword(const std::string& folded_word) const { return stopwords_.contains(folded_word); }

 private:
  std::unordered_map<std::string, std::vector<std::string>> synonyms_;
  std::unordered_set<std::string> stopwords_;
};

}  // namespace doma::search
