#include "domain/editorial/editorial.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/ids.h"
#include "core/text.h"
#include "domain/accounts/login_name.h"
#include "domain/catalog/validation.h"

namespace doma::editorial {

using catalog::Service;

namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string Host(std::string_view url) {
  auto p = url.find("://");
  if (p != std::string_view::npos) url.remove_prefix(p + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  std::string h = text::Fold(url);
  if (h.starts_with("www.")) h.erase(0, 4);
  return h;
}

Error Forbidden() {
  return Error{Code::kForbidden, "Это могут делать только редакторы каталога.", {}, {}};
}

}  // namespace

std::string Slugify(std::string_view name) {
  static const char* kTr[] = {"a",  "b",  "v",  "g",    "d", "e", "zh", "z", "i",  "y", "k",
                              "l",  "m",  "n",  "o",    "p", "r", "s",  "t", "u",  "f", "kh",
                              "ts", "ch", "sh", "shch", "",  "y", "",   "e", "yu", "ya"};
  std::string out;
  bool dash = false;
  for (char32_t c : text::Decode(text::Fold(name))) {
    std::string piece;
    if ((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9'))
      piece = std::string(1, static_cast<char>(c));
    else if (c >= U'а' && c <= U'я')
      piece = kTr[c - U'а'];
    if (piece.empty()) {
      dash = !out.empty();
      continue;
    }
    if (dash) out += '-';
    dash = false;
    out += piece;
    if (out.size() > 48) break;
  }
  return out.empty() ? "service" : out;
}

bool Editorial::CanEdit(const accounts::Account& a) {
  return a.Has(accounts::Role::kEditor) || a.Has(accounts::Role::kAdmin);
}

std::vector<FieldChange> Diff(const Service& a, const Service& b) {
  std::vector<FieldChange> out;
  auto cmp = [&](const char* field, const std::string& x, const std::string& y) {
    if (x != y) out.push_back({field, x, y});
  };
  auto age = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
  auto phones = [](const std::vector<catalog::Phone>& v) {
    std::string s;
    for (const auto& p : v)
      s += (s.empty() ? "" : "; ") + p.number + " (" + p.kind +
           (p.note.empty() ? "" : ", " + p.note) + ")";
    return s;
  };
  cmp("name", a.name, b.name);
  cmp("name_en", a.name_en, b.name_en);
  cmp("short_description", a.short_description, b.short_description);
  cmp("description", a.description, b.description);
  cmp("description_en", a.description_en, b.description_en);
  cmp("url", a.url, b.url);
  cmp("organization", a.organization.name, b.organization.name);
  cmp("organization_website", a.organization.website, b.organization.website);
  cmp("status", a.status, b.status);
  cmp("scope", a.scope, b.scope);
  cmp("district", a.district, b.district);
  cmp("settlement", a.settlement, b.settlement);
  cmp("categories", Join(a.categories), Join(b.categories));
  cmp("audiences", Join(a.audiences), Join(b.audiences));
  cmp("cost", a.cost, b.cost);
  cmp("cost_note", a.cost_note, b.cost_note);
  cmp("platforms", Join(a.platforms), Join(b.platforms));
  cmp("languages", Join(a.languages), Join(b.languages));
  cmp("phones", phones(a.phones), phones(b.phones));
  cmp("min_age", age(a.min_age), age(b.min_age));
  cmp("max_age", age(a.max_age), age(b.max_age));
  cmp("how_to_apply", a.how_to_apply, b.how_to_apply);
  auto offers = [](const std::vector<catalog::Offer>& v) {
    std::string text;
    for (const auto& o : v)
      text += o.text + (o.valid_until.empty() ? "" : " (до " + o.valid_until + ")") + "\n";
    return text;
  };
  auto sources = [](const std::vector<catalog::Source>& v) {
    std::string text;
    for (const auto& x : v) text += x.url + (x.note.empty() ? "" : " — " + x.note) + "\n";
    return text;
  };
  cmp("offers", offers(a.offers), offers(b.offers));
  cmp("kind", a.kind, b.kind);
  cmp("status_note", a.status_note, b.status_note);
  cmp("ended_at", a.ended_at, b.ended_at);
  cmp("service_areas", Join(a.service_areas), Join(b.service_areas));
  cmp("sources", sources(a.sources), sources(b.sources));
  cmp("featured", a.featured ? "true" : "false", b.featured ? "true" : "false");
  cmp("assured_at", a.assured_at, b.assured_at);
  return out;
}

Status Editorial::Validate(const Service& s, const std::vector<catalog::Category>& cats) const {
  if (auto v = catalog::ValidateService(s, cats); !v) return v;
  return catalog_.CheckAreas(s);
}

Result<long long> Editorial::Propose(const Proposal& p, const accounts::Account* who,
                                     const std::string& address) {
  if (long long wait = throttle_.TryBegin("", address); wait > 0)
    return Fail(
        Error{Code::kRateLimited,
              fmt::format("Слишком много предложений с вашего адреса. Попробуйте через {} мин.",
                          (wait + 59) / 60),
              {},
              {}});
  Service s;
  s.id = "proposal";
  s.name = std::string(text::Trim(p.name));
  s.url = std::string(text::Trim(p.url));
  s.short_description = std::string(text::Trim(p.short_description));
  s.description = std::string(text::Trim(p.description));
  if (s.description.empty()) s.description = s.short_description;
  s.organization.name = std::string(text::Trim(p.organization));
  s.scope = p.scope.empty() ? "federal" : p.scope;
  s.settlement = std::string(text::Trim(p.settlement));
  s.cost = p.cost.empty() ? "free" : p.cost;
  s.categories = p.categories;
  s.platforms = p.platforms.empty() ? std::vector<std::string>{"web"} : p.platforms;
  s.audiences = p.audiences.empty() ? std::vector<std::string>{"everyone"} : p.audiences;
  s.languages = {"ru"};
  auto cats = catalog_.Categories();
  if (!cats) return Fail(cats.error());
  if (auto v = Validate(s, *cats); !v) return Fail(v.error());
  Submission sub;
  sub.service = std::move(s);
  sub.submitter_id = who ? who->id : 0;
  if (!text::Trim(p.contact).empty()) {
    auto ln = accounts::ParseLoginName(p.contact);
    if (!ln)
      return Fail(
          Error::Invalid("contact", "Контакт — e-mail или телефон, например +7 912 345-67-89."));
    sub.contact = ln->key();
  }
  return repo_.CreateSubmission(sub, clock_.NowIso());
}

std::vector<catalog::ServiceSummary> Editorial::Duplicates(const Service& s,
                                                           const std::vector<Service>& all) {
  std::vector<catalog::ServiceSummary> out;
  std::string host = Host(s.url), name = text::Fold(text::Trim(s.name));
  for (const auto& x : all) {
    if (x.id == s.id) continue;
    if ((!host.empty() && Host(x.url) == host) || text::Fold(x.name) == name) {
      catalog::ServiceSummary sum;
      sum.id = x.id;
      sum.name = x.name;
      sum.url = x.url;
      out.push_back(std::move(sum));
    }
  }
  return out;
}

Result<std::vector<ReviewItem>> Editorial::Queue(const accounts::Account& editor) {
  if (!CanEdit(editor)) return Fail(Forbidden());
  auto subs = repo_.ListSubmissions("pending", 200, 0);
  if (!subs) return Fail(subs.error());
  auto all = catalog_repo_.ListAllServices();
  if (!all) return Fail(all.error());
  std::vector<ReviewItem> out;
  for (auto& s : *subs) {
    auto dups = Duplicates(s.service, *all);
    out.push_back({std::move(s), std::move(dups)});
  }
  return out;
}

Result<ReviewItem> Editorial::Review(const accounts::Account& editor, long long id) {
  if (!CanEdit(editor)) return Fail(Forbidden());
  auto s = repo_.FindSubmission(id);
  if (!s) return Fail(s.error());
  if (!*s) return Fail(Error::NotFound("Такого предложения нет."));
  auto all = catalog_repo_.ListAllServices();
  if (!all) return Fail(all.error());
  auto dups = Duplicates((*s)->service, *all);
  return ReviewItem{std::move(**s), std::move(dups)};
}

Status Editorial::Reindex(const Service& s) {
  auto cats = catalog_.Categories();
  if (!cats) return Fail(cats.error());
  return search_.Index({s}, *cats);
}

Result<Service> Editorial::Approve(const accounts::Account& editor, long long id, Service edited) {
  if (!CanEdit(editor)) return Fail(Forbidden());
  auto sub = repo_.FindSubmission(id);
  if (!sub) return Fail(sub.error());
  if (!*sub) return Fail(Error::NotFound("Такого предложения нет."));
  if ((*sub)->status != "pending")
    return Fail(Error{Code::kConflict, "Это предложение уже рассмотрено.", {}, {}});
  // An imported proposal keeps the open-data ids it came with (the form
  // does not carry them), so that the next import finds it.
  if (edited.uuid.empty()) edited.uuid = (*sub)->service.uuid;
  if (edited.organization.uuid.empty() &&
      edited.organization.name == (*sub)->service.organization.name)
    edited.organization.uuid = (*sub)->service.organization.uuid;
  if (edited.id.empty() || edited.id == "proposal") {
    auto id_ = FreeId(edited.name);
    if (!id_) return Fail(id_.error());
    edited.id = *id_;
  } else {
    auto exists = catalog_repo_.FindService(edited.id);
    if (!exists) return Fail(exists.error());
    if (*exists)
      return Fail(Error{Code::kConflict, "Сервис с таким идентификатором уже есть.", {}, "id"});
  }
  edited.assured_at = clock_.NowIso();
  auto cats = catalog_.Categories();
  if (!cats) return Fail(cats.error());
  if (auto v = Validate(edited, *cats); !v) return Fail(v.error());
  std::vector<notify::Notification> note;
  if (!(*sub)->contact.empty())
    note.push_back(
        {(*sub)->contact, "Ваш сервис опубликован на портале «Дома»",
         fmt::format(
             "Спасибо! Предложенный вами сервис «{}» проверен и опубликован: {}/services/{}",
             edited.name, public_url_, edited.id)});
  auto stored = repo_.Approve(id, edited, editor.id, note, clock_.NowIso());
  if (!stored) return Fail(stored.error());
  if (auto r = Reindex(*stored); !r) return Fail(r.error());
  return stored;
}

Status Editorial::Reject(const accounts::Account& editor, long long id, const std::string& reason) {
  if (!CanEdit(editor)) return Fail(Forbidden());
  std::string_view r = text::Trim(reason);
  if (r.empty())
    return Fail(Error::Invalid("reason", "Напишите причину отказа: её увидит автор предложения."));
  if (!text::IsValidUtf8(r) || text::Length(r) > 1000)
    return Fail(Error::Invalid("reason", "Причина — не длиннее 1000 символов."));
  auto sub = repo_.FindSubmission(id);
  if (!sub) return Fail(sub.error());
  if (!*sub) return Fail(Error::NotFound("Такого предложения нет."));
  if ((*sub)->status != "pending")
    return Fail(Error{Code::kConflict, "Это предложение уже рассмотрено.", {}, {}});
  std::vector<notify::Notification> note;
  if (!(*sub)->contact.empty())
    note.push_back({(*sub)->contact, "Ваше предложение на портале «Дома»",
                    fmt::format("Спасибо за предложение «{}». Мы не можем его опубликовать: {}",
                                (*sub)->service.name, r)});
  return repo_.Reject(id, std::string(r), editor.id, note, clock_.NowIso());
}

Result<std::string> Editorial::FreeId(const std::string& name) {
  std::string base = Slugify(name), candidate = base;
  // Ids that would collide with the pages under /services/.
  if (base == "propose" || base == "new") candidate = base += "-service";
  for (int n = 2;; ++n) {
    auto exists = catalog_repo_.FindService(candidate);
    if (!exists) return Fail(exists.error());
    if (!*exists) return candidate;
    candidate = fmt::format("{}-{}", base, n);
  }
}

Result<Service> Editorial::Create(const accounts::Account& editor, Service s) {
  if (!CanEdit(editor)) return Fail(Forbidden());
  if (text::Trim(s.name).empty()) return Fail(Error::Invalid("name", "Поле name не заполнено."));
  auto id = FreeId(s.name);
  if (!id) return Fail(id.error());
  s.id = *id;
  s.assured_at = clock_.NowIso();
  auto cats = catalog_.Categories();
  if (!cats) return Fail(cats.error());
  if (auto v = Validate(s, *cats); !v) return Fail(v.error());
  Service nothing;  // history shows every field as set from empty
  nothing.status.clear();
  auto stored = repo_.SaveEdit(s, Diff(nothing, s), editor.id, clock_.NowIso());
  if (!stored) return Fail(stored.error());
  if (auto r = Reindex(*stored); !r) return Fail(r.error());
  return stored;
}

Status Editorial::SaveCategory(const accounts::Account& editor, catalog::Category c) {
  if (!CanEdit(editor)) return Fail(Forbidden());
  if (!ids::IsValidSlug(c.slug))
    return Fail(Error::Invalid("slug", "Идентификатор: латиница, цифры и дефис, до 64 символов."));
  for (auto* name : {&c.name_ru, &c.name_en}) {
    *name = std::string(text::Trim(*name));
    if (name->empty() || !text::IsValidUtf8(*name) || text::Length(*name) > 100)
      return Fail(Error::Invalid(name == &c.name_ru ? "name_ru" : "name_en",
                                 "Название — от 1 до 100 символов."));
  }
  auto cats = catalog_.Categories();
  if (!cats) return Fail(cats.error());
  bool parent_ok = c.parent.empty();
  int position = 0;
  for (const auto& k : *cats) {
    position = std::max(position, k.position + 1);
    if (k.slug == c.parent && k.parent.empty()) parent_ok = true;
    if (k.slug == c.slug) position = k.position;  // keeps its place
  }
  if (!parent_ok)
    return Fail(
        Error::Invalid("parent", "Родительская категория должна быть группой верхнего уровня."));
  if (c.archived) {
    // Archiving a group would leave its children without a home: archive them first.
    for (const auto& k : *cats)
      if (k.parent == c.slug && !k.archived)
        return Fail(Error::Invalid(
            "archived", "Сначала перенесите или уберите в архив категории этой группы."));
  }
  if (c.parent == c.slug)
    return Fail(Error::Invalid("parent", "Категория не может быть родителем самой себе."));
  if (!c.parent.empty()) {
    // The tree has two levels: a group with categories in it cannot move under another.
    for (const auto& k : *cats)
      if (k.parent == c.slug)
        return Fail(Error::Invalid(
            "parent",
            "В этой группе есть категории: она может быть только группой верхнего уровня."));
  }
  c.position = position;
  if (auto r = catalog_.SaveCategories({c}); !r) return r;
  // Category names are indexed with each service: reindex the catalog.
  auto n = catalog_.RebuildIndex();
  if (!n) return Fail(n.error());
  return {};
}

Result<Service> Editorial::Store(const accounts::Account& editor, const Service& before,
                                 Service after) {
  after.id = before.id;
  after.seq = before.seq;
  after.created_at = before.created_at;
  after.clicks = before.clicks;
  auto changes = Diff(before, after);
  if (changes.empty()) return before;
  auto cats = catalog_.Categories();
  if (!cats) return Fail(cats.error());
  if (auto v = Validate(after, *cats); !v) return Fail(v.error());
  auto stored = repo_.SaveEdit(after, changes, editor.id, clock_.NowIso());
  if (!stored) return Fail(stored.error());
  if (auto r = Reindex(*stored); !r) return Fail(r.error());
  return stored;
}

Result<Service> Editorial::Edit(const accounts::Account& editor, const std::string& service_id,
                                Service after) {
  if (!CanEdit(editor)) return Fail(Forbidden());
  auto before = catalog_.GetService(service_id);
  if (!before) return Fail(before.error());
  return Store(editor, *before, std::move(after));
}

Result<std::vector<HistoryEntry>> Editorial::History(const accounts::Account& editor,
                                                     const std::string& service_id) {
  if (!CanEdit(editor)) return Fail(Forbidden());
  auto s = catalog_.GetService(service_id);
  if (!s) return Fail(s.error());
  return repo_.History(s->seq);
}

Result<std::vector<Service>> Editorial::DueForReverification(const accounts::Account& editor,
                                                             int limit) {
  if (!CanEdit(editor)) return Fail(Forbidden());
  auto all = catalog_repo_.ListAllServices();
  if (!all) return Fail(all.error());
  std::string cutoff = FormatIso(clock_.Now() - std::chrono::days(90));
  std::vector<Service> due;
  for (auto& s : *all)
    if (s.status != "defunct" && s.assured_at < cutoff) due.push_back(std::move(s));
  std::sort(due.begin(), due.end(),
            [](const Service& a, const Service& b) { return a.assured_at < b.assured_at; });
  if (static_cast<int>(due.size()) > limit) due.resize(static_cast<std::size_t>(limit));
  return due;
}

Status Editorial::MarkVerified(const accounts::Account& editor, const std::string& service_id) {
  if (!CanEdit(editor)) return Fail(Forbidden());
  auto before = catalog_.GetService(service_id);
  if (!before) return Fail(before.error());
  Service after = *before;
  after.assured_at = clock_.NowIso();
  auto r = Store(editor, *before, after);
  if (!r) return Fail(r.error());
  return {};
}

Proposal ReadProposal(const std::function<std::string(const char*)>& text,
                      const std::function<std::vector<std::string>(const char*)>& list) {
  Proposal p;
  p.name = text("name");
  p.url = text("url");
  p.short_description = text("short_description");
  p.description = text("description");
  p.organization = text("organization");
  p.scope = text("scope");
  p.settlement = text("settlement");
  p.cost = text("cost");
  p.categories = list("categories");
  p.platforms = list("platforms");
  p.audiences = list("audiences");
  p.contact = text("contact");
  return p;
}

}  // namespace doma::editorial
