// `doma import --hsds`: reads another directory's HSDS 3.0 data (the tabular
// datapackage or the JSON form), checks every row, and plans what the
// catalog gains. The plan is pure (no storage): the command applies it.
//
// Contract:
// - A row that breaks a rule (a required field empty, an id that is not a
//   UUID or is given twice, a value outside an enum, a number that is not
//   one, an id naming no row of the table it must name) is a Problem with its
//   table, row and field. With any problem the plan stores nothing, unless
//   `skip_invalid`: then the services touched by a problem are left out and
//   the rest go ahead.
// - A service already in the catalog under the same HSDS id and unchanged
//   is not stored again: running the same import twice changes nothing.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "domain/catalog/service.h"
#include "opendata/hsds.h"
#include "opendata/tables.h"

namespace doma::opendata {

// What was read: file name -> table, and the files read but not imported.
struct HsdsInput {
  std::map<std::string, Table> tables;
  std::vector<std::string> notes;
};

// A datapackage directory (datapackage.json and CSVs, or just CSVs) or a
// JSON file (an array of services, a page with "contents", or one service).
Result<HsdsInput> ReadHsds(const std::string& path);
// The tables of a tabular datapackage as read (file name -> table, original
// columns): an older layout (HSDS 1.x/2.0, the Ohana API's CSV) is rewritten
// into HSDS 3.0's tables and columns, its ids made into UUIDs derived from
// the originals (older_layouts.cpp); files Doma does not import are noted.
HsdsInput FromTables(std::map<std::string, Table> raw);

// The JSON form from text (`where` labels say "services[2].phones[0]").
Result<HsdsInput> ReadHsdsJson(const std::string& text);

struct ImportOptions {
  bool publish = false;       // straight into the catalog, not the editors' queue
  bool skip_invalid = false;  // import the valid services, report the rest
  std::string default_scope = "regional";
  std::string default_category;  // for a service none of whose terms maps
  // A taxonomy term's id (or code) -> a category slug: the mapping file.
  std::map<std::string, std::string> term_to_category;
};

struct Problem {
  std::string where;  // "services.csv, запись 3"
  std::string field;
  std::string message;
  std::string service_uuid;  // the service it concerns, when one
  std::string Text() const;
};

struct ImportPlan {
  std::vector<Problem> problems;
  std::vector<std::string> notes;
  // The services to store (new or changed), each with its HSDS id; with
  // `publish`, each with its slug (a free one for a new service).
  std::vector<catalog::Service> to_store;
  int added = 0, changed = 0, unchanged = 0, skipped = 0;
  std::map<std::string, std::size_t> rows;  // rows read per file
  bool ok() const { return problems.empty(); }
};

ImportPlan PlanImport(const HsdsInput& input, const Snapshot& current,
                      const std::vector<catalog::Category>& categories,
                      const ImportOptions& options);

// The starting point of a mapping file: every taxonomy term of the input with
// the category it maps to now (guessed from its code or name), as JSON.
std::string MappingTemplate(const HsdsInput& input,
                            const std::vector<catalog::Category>& categories,
                            const ImportOptions& options);
// Reads a mapping file into options (term_to_category, default_category).
Status ReadMapping(const std::string& text, ImportOptions& options);

// What stays the same between an imported service and the one stored (not
// timestamps, clicks or the slug): equal means nothing to store.
bool SameContent(const catalog::Service& a, const catalog::Service& b);

// A key naming this version of an imported service: a proposal with the same
// key is not made twice.
std::string ProposalKey(const catalog::Service& s);

}  // namespace doma::opendata
