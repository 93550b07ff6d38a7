// `doma import --hsds` and `doma export --hsds`: the open-data commands.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "app/app.h"
#include "app/command_stores.h"
#include "app/wiring.h"
#include "opendata/import.h"
#include "opendata/tables.h"

namespace doma::app {
namespace fs = std::filesystem;

namespace {

Status WriteFile(const fs::path& p, const std::string& body) {
  fs::path tmp = p;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    out.flush();
    if (!out)
      return Fail(Error::Unavailable(fmt::format("cannot write {} (disk full?)", p.string())));
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  if (ec)
    return Fail(Error::Unavailable(fmt::format("cannot write {}: {}", p.string(), ec.message())));
  return {};
}

std::string Report(const HsdsImport& a, const opendata::ImportPlan& plan) {
  std::string out = fmt::format("HSDS import from {}{}\n", a.path,
                                a.dry_run ? " (dry run: nothing written)" : "");
  std::string rows;
  for (const auto& [file, n] : plan.rows) rows += fmt::format(" {} {},", file, n);
  if (!rows.empty()) rows.pop_back();
  out += "read:" + rows + "\n";
  out += fmt::format("services: {} new, {} changed, {} unchanged, {} with problems -> {}\n",
                     plan.added, plan.changed, plan.unchanged, plan.skipped,
                     a.publish ? "the catalog" : "the editors' queue");
  for (const auto& s : plan.to_store)
    out += fmt::format("  {} {} «{}»{}\n", a.publish ? s.id : "proposal", s.uuid, s.name,
                       s.categories.empty() ? " (no category: the editor chooses)" : "");
  for (const auto& n : plan.notes) out += "note: " + n + "\n";
  if (!plan.problems.empty()) {
    out += fmt::format("problems ({}){}:\n", plan.problems.size(),
                       a.skip_invalid ? ", those services left out" : ", nothing imported");
    for (const auto& p : plan.problems) out += "  " + p.Text() + "\n";
  }
  return out;
}

}  // namespace

Result<std::string> RunImportHsds(const Config& c, const HsdsImport& a) {
  opendata::ImportOptions options;
  options.publish = a.publish;
  options.skip_invalid = a.skip_invalid;
  options.default_scope = a.scope;
  options.default_category = a.category;
  if (!catalog::IsOneOf(catalog::kScopes, a.scope))
    return Fail(Error::Invalid("scope", "--scope must be regional, federal or international"));
  if (!a.mapping_file.empty()) {
    std::string text = ReadFile(a.mapping_file);
    if (text.empty()) return Fail(Error::Invalid("mapping", "cannot read " + a.mapping_file));
    if (auto r = opendata::ReadMapping(text, options); !r) return Fail(r.error());
  }
  auto input = opendata::ReadHsds(a.path);
  if (!input) return Fail(input.error());

  // Proposals keep a contact sealed: their repository needs the key.
  std::unique_ptr<SealedStore> sealed;
  std::unique_ptr<CatalogStore> store;
  if (a.publish || a.dry_run || !a.write_mapping.empty()) {
    auto s = OpenCatalogStore(c);
    if (!s) return Fail(s.error());
    store = std::move(*s);
  } else {
    auto s = OpenSealedStore(c);
    if (!s) return Fail(s.error());
    sealed = std::make_unique<SealedStore>(std::move(*s));
  }
  catalog::CatalogRepository& repo = store ? *store->storage->catalog : *sealed->storage->catalog;
  auto categories = repo.ListCategories();
  if (!categories) return Fail(Describe(categories.error()));
  if (!a.category.empty() &&
      std::none_of(categories->begin(), categories->end(),
                   [&](const catalog::Category& k) { return k.slug == a.category && !k.archived; }))
    return Fail(Error::Invalid("category", "--category: no such category '" + a.category + "'"));
  if (!a.write_mapping.empty()) {
    if (auto r =
            WriteFile(a.write_mapping, opendata::MappingTemplate(*input, *categories, options));
        !r)
      return Fail(r.error());
    return fmt::format(
        "wrote the mapping of {} taxonomy terms to {}: fill in \"category\" and "
        "import with --mapping {}\n",
        input->tables["taxonomy_terms.csv"].rows.size(), a.write_mapping, a.write_mapping);
  }
  auto services = repo.ListAllServices();
  if (!services) return Fail(Describe(services.error()));
  auto current = opendata::MakeSnapshot(std::move(*services), *categories, 0);
  auto plan = opendata::PlanImport(*input, *current, *categories, options);
  std::string report = Report(a, plan);
  if (!plan.ok() && !a.skip_invalid) return Fail(Error::Invalid("hsds", report));
  if (a.dry_run || plan.to_store.empty()) return report;

  if (a.publish) {
    auto n = store->catalog->Import({}, plan.to_store);
    if (!n) return Fail(Describe(n.error()));
    if (auto r = SaveSeededIndex(c, *store); !r) return Fail(r.error());
    return report + fmt::format("stored {} services in the catalog\n", *n);
  }
  int proposed = 0, before = 0, in_catalog = 0;
  std::string source = "HSDS: " + fs::path(a.path).filename().string();
  // The queue proposes new services; one already in the catalog is changed
  // by an editor there, or by an import with --publish.
  for (const auto& s : plan.to_store) {
    if (current->service_by_uuid.contains(s.uuid)) {
      ++in_catalog;
      continue;
    }
    editorial::Submission sub;
    sub.service = s;
    sub.source = source;
    sub.source_key = opendata::ProposalKey(s);
    auto id = sealed->storage->editorial->CreateSubmission(sub, SystemClock().NowIso());
    if (!id) return Fail(Describe(id.error()));
    (*id ? proposed : before) += 1;
  }
  return report + fmt::format(
                      "proposed {} services to the editors' queue ({} proposed before, {} already "
                      "in the catalog: change those with --publish)\n",
                      proposed, before, in_catalog);
}

Result<std::string> RunExportHsds(const Config& c, const std::string& dir,
                                  const std::string& json_file) {
  auto region = OpenRegion(c);
  if (!region) return Fail(region.error());
  ApplyRegion(region->region);  // an offer ended "today" in the region is not published
  auto publisher = PublisherFor(c, region->region);
  if (!publisher) return Fail(publisher.error());
  auto s = OpenStorageFor(c, nullptr);
  if (!s) return Fail(s.error());
  auto categories = (*s)->catalog->ListCategories();
  if (!categories) return Fail(Describe(categories.error()));
  auto services = (*s)->catalog->ListAllServices();
  if (!services) return Fail(Describe(services.error()));
  auto snap = opendata::MakeSnapshot(std::move(*services), *categories, 0);
  std::string out;
  if (!dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Fail(Error::Unavailable(fmt::format("cannot create {}: {}", dir, ec.message())));
    auto files = opendata::DatapackageFiles(*snap, *publisher);
    for (const auto& [name, body] : files)
      if (auto r = WriteFile(fs::path(dir) / name, body); !r) return Fail(r.error());
    out += fmt::format("wrote {} files ({} services, {} organisations) to {}\n", files.size(),
                       snap->services.size(), snap->organizations.size(), dir);
  }
  if (!json_file.empty()) {
    if (auto r = WriteFile(json_file, opendata::ServicePackageJson(*snap, *publisher)); !r)
      return Fail(r.error());
    out += fmt::format("wrote {} services to {}\n", snap->services.size(), json_file);
  }
  return out;
}

}  // namespace doma::app
