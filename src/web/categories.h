// Categories as the pages name them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog/service.h"

namespace doma::web {

// The category `slug` of `cats`, or null.
inline const catalog::Category* FindCategory(const std::vector<catalog::Category>& cats,
                                             std::string_view slug) {
  for (const auto& c : cats)
    if (c.slug == slug) return &c;
  return nullptr;
}

inline std::string CategoryName(const catalog::Category& c, const std::string& lang) {
  return lang == "en" ? c.name_en : c.name_ru;
}

}  // namespace doma::web
