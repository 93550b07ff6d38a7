#!/usr/bin/env python3
"""Merges the fourth research pass (2026-12-07) into the shipped catalog.

Run once from the repository root; kept to show how every card got its
sources. Cards the pass could not confirm on any stored page move to
pass4-unconfirmed-cards.json (not loaded) until someone checks them live.
"""
import json, glob, collections

DAY = "2026-12-07"
research = {}
for f in ["pass4-sources-federal", "pass4-sources-learn-work-leisure",
          "pass4-sources-regional-support"]:
    research.update(json.load(open(f"docs/research/{f}.json"))["cards"])

# Status notes shown to residents, in Russian, from the pages in each card's sources.
STATUS = {
    "skype": ("defunct", "Microsoft закрыла Skype 5 мая 2025 года; пользователям предложен Microsoft Teams.", "2025-05-05"),
    "qiwi": ("defunct", "Банк России отозвал лицензию у QIWI Банка 21 февраля 2024 года; кошелёк перестал работать.", "2024-02-21"),
    "icq": ("defunct", "VK закрыла ICQ 26 июня 2024 года и предложила пользователям VK Мессенджер.", "2024-06-26"),
    "nuzhnapomosch": ("defunct", "Фонд признан иностранным агентом 1 марта 2024 года; через четыре месяца его совет решил ликвидировать организацию. Сайт оставлен как архив.", "2024-07"),
    "discord": ("unavailable_in_russia", "Роскомнадзор ограничил доступ к Discord в России 8 октября 2024 года.", ""),
    "slack": ("unavailable_in_russia", "В 2024 году Slack из-за санкций США приостановил учётные записи пользователей из России.", ""),
    "notion": ("unavailable_in_russia", "С 9 сентября 2024 года Notion не обслуживает пользователей из России (санкции США).", ""),
    "whatsapp": ("unavailable_in_russia", "С августа 2025 года звонки ограничены, с февраля 2026 года сервис доступен в России только через VPN.", ""),
    "youtube": ("unavailable_in_russia", "С декабря 2024 года YouTube в России работает так медленно, что без VPN им практически нельзя пользоваться (формально не заблокирован).", ""),
    "chess-com": ("unavailable_in_russia", "Сайт заблокирован в России с 23 апреля 2022 года.", ""),
}
URL = {"cbr-reception": "https://cbr.ru/contactBR", "mail-ru": "https://e.mail.ru/",
       "fond-vera": "https://fondvera.ru/", "nuzhnapomosch": "https://nuzhnapomosh.ru/"}
PHONES = {"yoomoney": [{"number": "+7 495 197-86-86", "kind": "info", "note": "Служба поддержки"}],
          "ul-gosapteka": [{"number": "+7 8422 34-00-03", "kind": "hotline", "note": "Горячая линия"}]}
# doctors-online now means telemedicine; clinic booking and laboratories are apart.
MEDICAL = {"telemedicine": "doctors-online", "clinic-booking": "clinic-booking",
           "laboratories": "laboratories"}

unconfirmed, counts = [], collections.Counter()
files = sorted(glob.glob("data/catalog/services-*.json")) + \
    sorted(glob.glob("data/regions/ulyanovsk/catalog/services-regional.json"))
for f in files:
    cards, kept = json.load(open(f)), []
    for s in cards:
        r = research.get(s["id"])
        if not r or not r.get("sources") or not r.get("confirmed"):
            unconfirmed.append({"file": f, "card": s, "research": r})
            counts["unconfirmed"] += 1
            continue
        s["sources"] = [{"url": x["url"], "note": x.get("note", "")} for x in r["sources"]]
        s["assured_at"] = DAY
        sg = r.get("suggest") or {}
        if s["id"] in STATUS:
            s["status"], s["status_note"], ended = STATUS[s["id"]]
            if ended: s["ended_at"] = ended
        if s["id"] in URL: s["url"] = URL[s["id"]]
        if s["id"] in PHONES: s.setdefault("phones", []).extend(PHONES[s["id"]])
        if "categories" in sg and "doctors-online" in s["categories"]:
            other = [c for c in s["categories"] if c != "doctors-online"]
            medical = [MEDICAL[c] for c in sg["categories"] if c in MEDICAL]
            s["categories"] = medical + [c for c in other if c not in medical] or other
        if s["id"] == "ul-122":
            s["categories"] = ["clinic-booking", "government-services"]
        if "service_areas" in sg and sg["service_areas"]:
            s["service_areas"] = sg["service_areas"]
        # A time-limited offer is a list now.
        if "offer" in s: s["offers"] = [s.pop("offer")]
        kept.append(s)
        counts["kept"] += 1
    with open(f, "w") as out:
        json.dump(kept, out, ensure_ascii=False, indent=1)
        out.write("\n")

new = json.load(open("docs/research/pass4-new-regional.json"))["services"]
for s in new:
    s.pop("research_confidence", None)
    s.pop("research_note", None)
    s["sources"] = [{"url": x["url"], "note": x.get("note", "")} for x in s["sources"]]
    s["categories"] = [MEDICAL.get(c, c) for c in s["categories"]]
    if not s.get("service_areas"): s.pop("service_areas", None)
with open("data/regions/ulyanovsk/catalog/services-regional-local.json", "w") as out:
    json.dump(new, out, ensure_ascii=False, indent=1)
    out.write("\n")
with open("docs/research/pass4-unconfirmed-cards.json", "w") as out:
    json.dump({"moved_on": DAY, "why": "no stored page confirmed the service or its address; "
               "check each live before it goes back into data/", "cards": unconfirmed},
              out, ensure_ascii=False, indent=1)
    out.write("\n")
print(dict(counts), "new regional:", len(new))
