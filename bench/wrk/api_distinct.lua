-- The JSON search API with no two requests alike in the whole run:
-- /api/v1/services?q=<query> <word>[ <word2>], where <query> is a line of
-- bench/queries.txt and <word> a line of bench/wrk/words.txt (the Russian
-- words of 4+ letters in the synthetic catalog's templates,
-- then in src/storage/synthetic_catalog.cpp, most used first; the lists now live
-- in data/synthetic/vocabularies.json and make the same catalog). Request i of the run
-- (counted over all threads: thread k of n sends i = k, k+n, k+2n, …, so no
-- thread repeats another's) takes pair j = i mod (Q·V) through a fixed
-- permutation (j·104729 mod Q·V) to a (query, word); past the Q·V pairs
-- (157 × 1402 = 220,114) a third word is added, giving Q·V·(V+1) ≈ 3·10⁸
-- distinct queries. A three-word one that would repeat a two-word one (the
-- query "врач онлайн" + "бесплатно" + w is the query "врач онлайн бесплатно"
-- + w of the first round) is skipped: texts of the same word count differ
-- whenever their (query, word) pairs do, so that is the only way to repeat.
-- The same sequence every run. Also counts the answers
-- whose "total" is 0 (the query found nothing, after corrections).
--   wrk -t1 -c32 -d30s --latency -s bench/wrk/api_distinct.lua http://127.0.0.1:PORT
-- Run from the repository root (or set BENCH_QUERIES to the list's path).
--
-- words.txt was made, when the word lists were still compiled in, with
-- (`git show 29952b5^:src/storage/synthetic_catalog.cpp` gives that file):
--   python3 -c 'import re,collections; s=open("src/storage/synthetic_catalog.cpp").read(); c=collections.Counter(w.lower() for l in re.findall(r"\"((?:[^\"\\]|\\.)*)\"", s) for p in re.sub(r"\{[a-z]+\}", "", l).split("|") for w in re.findall(r"[а-яёА-ЯЁ]+(?:-[а-яёА-ЯЁ]+)?", p) if len(w) >= 4); print("\n".join(sorted(c, key=lambda w: (-c[w], w))))' > bench/wrk/words.txt
local dir = debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./"
local common = dofile(dir .. "common.lua")
common.install({
  extra = "no_results",
  inspect = function(status, body)
    if status == 200 and body:find('"total":0,', 1, true) then no_results = no_results + 1 end
  end,
})

local MULT = 104729  -- a prime above Q and V, so coprime with Q·V: a permutation
local queries, words, is_query, Q, V, pairs, next_i, step

function init()
  queries = common.read_lines(os.getenv("BENCH_QUERIES") or "bench/queries.txt")
  words = common.read_lines(dir .. "words.txt")
  Q, V = #queries, #words
  is_query = {}
  for _, q in ipairs(queries) do is_query[q] = true end
  assert(Q < MULT and V < MULT, "api_distinct.lua: lists longer than the multiplier")
  pairs = Q * V
  next_i, step = thread_index, thread_count
end

function request()
  while true do
    local i = next_i
    next_i = next_i + step
    local round = math.floor(i / pairs)
    local k = (i % pairs) * MULT % pairs
    local text = queries[k % Q + 1] .. " " .. words[math.floor(k / Q) + 1]
    if round == 0 then
      return wrk.format("GET", "/api/v1/services?q=" .. common.encode(text))
    elseif not is_query[text] then
      text = text .. " " .. words[(round - 1) % V + 1]
      return wrk.format("GET", "/api/v1/services?q=" .. common.encode(text))
    end
  end
end
