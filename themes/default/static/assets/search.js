/* sotay search: offline, Vietnamese-aware, no external requests.
   The index under search/ is loaded as <script> files (works from file:// and under any
   sub-path: every URL is relative to the search box's data-root). Folding and tokenizing
   follow src/search/fold.rs and src/search/tokenize.rs exactly; tests/search_browser.rs
   checks that both give the same words. Format and ranking: docs/search.md.
   Results are built with textContent only: page text never becomes HTML. */
(function () {
  "use strict";

  /* ---------- folding and tokenizing (mirror of the Rust code) ---------- */
  var MARKS = /\p{M}/gu;
  var SPACE = /^\p{White_Space}*$/u;
  var NUMERIC = /\p{N}/u;

  function fold(s) {
    return s.normalize("NFD").toLowerCase().replace(MARKS, "").replace(/đ/g, "d");
  }

  function exact(s) {
    return s.normalize("NFC").toLowerCase().normalize("NFC");
  }

  var WORDS = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var ASCII = /^[\x00-\x7f]*$/;

  /* Words {exact, fold, start, end, linked} and compounds of a text (offsets in UTF-16
     units). A word is a maximal run of word characters, as in the Rust tokenizer. */
  function tokenize(text) {
    var words = [], compounds = [], chainStart = 0, m;
    function form(t) {
      var ascii = ASCII.test(t);
      return { exact: ascii ? t.toLowerCase() : exact(t), fold: ascii ? t.toLowerCase() : fold(t) };
    }
    function pushCompound(from, to) {
      if (to - from < 2) return;
      var s = words[from].start, e = words[to - 1].end, t = text.slice(s, e);
      if (NUMERIC.test(t)) {
        var f = form(t);
        compounds.push({ exact: f.exact, fold: f.fold, start: s, end: e, linked: false });
      }
    }
    WORDS.lastIndex = 0;
    while ((m = WORDS.exec(text)) !== null) {
      var s = m.index, e = s + m[0].length, joined = false, linked = false;
      if (words.length) {
        var gap = text.slice(words[words.length - 1].end, s);
        joined = gap === "-" || gap === "/";
        linked = joined || SPACE.test(gap);
      }
      if (!joined) { pushCompound(chainStart, words.length); chainStart = words.length; }
      var f = form(m[0]);
      words.push({ exact: f.exact, fold: f.fold, start: s, end: e, linked: linked });
    }
    pushCompound(chainStart, words.length);
    return { words: words, compounds: compounds };
  }

  /* ---------- index loading ---------- */
  var ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
  var DIGIT = {};
  for (var d = 0; d < ALPHABET.length; d++) DIGIT[ALPHABET.charCodeAt(d)] = d;

  var decoded = new Map(); /* posting string → decoded lists (kept while typing) */

  function decode(s) {
    var hit = decoded.get(s);
    if (hit) return hit;
    var n = 0, i;
    for (i = 0; i < s.length; i++) if (DIGIT[s.charCodeAt(i)] < 32) n++;
    var count = (n / 3) | 0;
    var pages = new Int32Array(count), weights = new Int32Array(count), flags = new Int32Array(count);
    var acc = 0, k = 0, page = 0;
    for (i = 0; i < s.length; i++) {
      var v = DIGIT[s.charCodeAt(i)];
      acc = acc * 32 + (v & 31);
      if (v >= 32) continue;
      var slot = (k / 3) | 0, which = k % 3;
      if (which === 0) { page += acc; pages[slot] = page; }
      else if (which === 1) weights[slot] = acc;
      else flags[slot] = acc;
      acc = 0;
      k++;
    }
    hit = { pages: pages, weights: weights, flags: flags };
    if (decoded.size > 400) decoded.clear();
    decoded.set(s, hit);
    return hit;
  }

  var FORMAT = 3;      /* the index format this script reads (src/search/shard.rs VERSION) */
  var root = "";
  var meta = null, metaPromise = null;
  var pending = {};   /* file → {resolve, reject} */
  var cache = {};     /* file → Promise of data */
  var loaded = [];    /* files loaded, in order (for measurements) */

  function load(file) {
    if (cache[file]) return cache[file];
    cache[file] = new Promise(function (resolve, reject) {
      pending[file] = { resolve: resolve, reject: reject };
      var s = document.createElement("script");
      s.src = root + "search/" + file + (meta && meta.id ? "?v=" + meta.id : "");
      s.async = true;
      s.onerror = function () { delete cache[file]; reject(new Error("cannot load " + file)); };
      s.onload = function () { s.remove(); };
      document.head.appendChild(s);
      loaded.push(file);
    });
    return cache[file];
  }

  function deliver(file, data) {
    var p = pending[file];
    if (p) { delete pending[file]; p.resolve(data); }
  }

  function ensureMeta() {
    if (!metaPromise) {
      metaPromise = load("meta.js").then(function (m) {
        /* an index of another format (a copy of the site half updated, or a page or script
           kept by the browser from before an update) is refused, not misread */
        if (m.v !== FORMAT) throw new Error("search index format " + m.v + ", not " + FORMAT);
        meta = m;
        meta.termSet = setOf(m.terms);
        meta.pairSet = setOf(m.pairs);
        meta.shared = sharedFiles(m.shared);
        return m;
      });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  /* The files of page records shared by several pages, {first: [...], count: [...]}, from
     the varints of meta.js: each file's first page minus the end of the one before, and
     its number of pages. */
  function sharedFiles(s) {
    var nums = [], acc = 0, i;
    for (i = 0; i < s.length; i++) {
      var v = DIGIT[s.charCodeAt(i)];
      acc = acc * 32 + (v & 31);
      if (v >= 32) continue;
      nums.push(acc);
      acc = 0;
    }
    var first = [], count = [], end = 0;
    for (i = 0; i + 1 < nums.length; i += 2) {
      first.push(end + nums[i]);
      count.push(nums[i + 1]);
      end = end + nums[i] + nums[i + 1];
    }
    return { first: first, count: count };
  }

  /* The file of page records holding `page` (named by its first page) and the page's place
     in it: a shared file whose pages include it, else a file of its own. */
  function recordOf(page) {
    var sh = meta.shared, lo = 0, hi = sh.first.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (sh.first[mid] <= page) lo = mid; else hi = mid - 1;
    }
    if (hi >= 0 && sh.first[lo] <= page && page < sh.first[lo] + sh.count[lo]) {
      return { file: sh.first[lo], at: page - sh.first[lo] };
    }
    return { file: page, at: 0 };
  }

  function setOf(list) {
    var o = Object.create(null);
    for (var i = 0; i < list.length; i++) o[list[i]] = i;
    return o;
  }

  /* The shard holding a key: the longest listed prefix of the key. */
  function shardOf(set, key) {
    var chars = Array.from(key);
    for (var n = chars.length; n >= 0; n--) {
      var p = chars.slice(0, n).join("");
      if (p in set) return set[p];
    }
    return 0;
  }

  function shardFile(space, id) { return space + id + ".js"; }

  /* Shards that may hold keys starting with `prefix`, largest first left out past a budget. */
  function shardsForPrefix(space, prefix, budget) {
    var list = space === "t" ? meta.terms : meta.pairs;
    var sizes = space === "t" ? meta.termSizes : meta.pairSizes;
    var set = space === "t" ? meta.termSet : meta.pairSet;
    var ids = [shardOf(set, prefix)], used = sizes[ids[0]];
    var deeper = [];
    for (var i = 0; i < list.length; i++) {
      if (list[i].length > prefix.length && list[i].indexOf(prefix) === 0) deeper.push(i);
    }
    deeper.sort(function (a, b) { return sizes[a] - sizes[b]; });
    for (var j = 0; j < deeper.length; j++) {
      if (used + sizes[deeper[j]] > budget) break;
      used += sizes[deeper[j]];
      ids.push(deeper[j]);
    }
    return ids;
  }

  /* (a shard of size 0 holds nothing and has no file) */
  function loadShards(space, ids) {
    var sizes = space === "t" ? meta.termSizes : meta.pairSizes;
    return Promise.all(ids.map(function (id) { return sizes[id] ? load(shardFile(space, id)) : Promise.resolve({}); }));
  }

  /* ---------- queries ---------- */
  var PREFIX_BUDGET = 96 * 1024;
  var MAX_EXPANSIONS = 12; /* the most frequent words that start with what was typed */
  /* Tiers of a word by where it occurs best (title, heading, body): as typed, or, for a
     word typed with diacritics, only in other spellings. A term weight below 10 is added,
     so a tier is never overtaken by the one below it. */
  var FIELD = [70, 50, 30];
  var LOOSE_FIELD = [20, 10, 0];

  /* Terms, pairs and phrases of a query. */
  function parseQuery(q) {
    q = q.normalize("NFC");
    var parts = q.split(/["“”]/), terms = [], pairs = [], phrases = [], seen = {};
    /* the last word is still being typed unless a space, quote or punctuation follows it */
    var typing = /[\p{Alphabetic}\p{N}\p{M}][-\/]?$/u.test(q);
    for (var i = 0; i < parts.length; i++) {
      var phrase = i % 2 === 1;
      var tk = tokenize(parts[i]);
      var inCompound = [];
      tk.compounds.forEach(function (c) {
        tk.words.forEach(function (w, k) { if (w.start >= c.start && w.end <= c.end) inCompound[k] = c; });
      });
      var last = i === parts.length - 1 && !phrase && typing;
      var end = parts[i].replace(/[-\/]$/, "").length;
      tk.words.forEach(function (w, k) {
        var t = inCompound[k] || w;
        if (!seen[t.fold]) {
          seen[t.fold] = true;
          terms.push({ fold: t.fold, exact: t.exact, sensitive: t.exact !== t.fold, prefix: last && t.end === end });
        }
        if (k > 0 && w.linked) {
          pairs.push({ a: tk.words[k - 1].fold, b: w.fold, prefix: last && w.end === end, required: phrase });
        }
      });
      if (phrase && tk.words.length > 1) phrases.push(tk.words.map(function (w) { return w.fold; }));
    }
    return { terms: terms, pairs: pairs, phrases: phrases };
  }

  /* Posting lists of one term: [{p: decoded postings, mask: exact variants, full}]. */
  function termMatches(term) {
    var ids = term.prefix && term.fold.length >= 2 ? shardsForPrefix("t", term.fold, PREFIX_BUDGET) : [shardOf(meta.termSet, term.fold)];
    return loadShards("t", ids).then(function (shards) {
      var keys = [];
      shards.forEach(function (sh) {
        if (term.prefix) {
          for (var k in sh) if (k.indexOf(term.fold) === 0) keys.push([k, sh[k]]);
        } else if (Object.prototype.hasOwnProperty.call(sh, term.fold)) keys.push([term.fold, sh[term.fold]]);
      });
      keys.sort(function (a, b) { return (b[0] === term.fold) - (a[0] === term.fold) || b[1][0].length - a[1][0].length; });
      return keys.slice(0, MAX_EXPANSIONS).map(function (kv) {
        var full = kv[0] === term.fold, variants = kv[1][1], mask = 0;
        for (var v = 0; v < variants.length; v++) {
          if (full ? variants[v] === term.exact : variants[v].indexOf(term.exact) === 0) mask |= 1 << v;
        }
        return { p: decode(kv[1][0]), mask: mask, full: full };
      });
    });
  }

  /* Posting lists of a pair of words standing together. */
  function pairMatches(pair) {
    var key = pair.a + " " + pair.b;
    return loadShards("b", [shardOf(meta.pairSet, key)]).then(function (shards) {
      var out = [], sh = shards[0];
      if (!pair.prefix) return Object.prototype.hasOwnProperty.call(sh, key) ? [{ p: decode(sh[key]) }] : [];
      for (var k in sh) if (k.indexOf(key) === 0) out.push(sh[k]);
      out.sort(function (a, b) { return b.length - a.length; }); /* the most frequent first */
      return out.slice(0, MAX_EXPANSIONS).map(function (postings) { return { p: decode(postings) }; });
    });
  }

  var FIELD_OF = [2, 0, 1, 0, 2, 0, 1, 0]; /* best field of flags & 7: title 0, heading 1, body 2 */

  /* BM25F weight (stored × 8) as a score below 10: it orders pages within a tier and never
     lifts a page over the next tier. */
  function termWeight(w) { var x = w / 8; return 10 * x / (x + 4); }

  /* Ranks pages, as tiers and then term weight. Each query word scores where it occurs
     best: title 70, heading 50, body 30; when it was typed with diacritics and the page
     has only other spellings, 20, 10, 0 (so "bộ" in a body ranks above "bổ" in a title);
     while typing, pages where the last word is whole come first (+200) and
     pages where it only starts a longer word count a quarter. Each pair of query words
     standing together on the page adds 0.8 × its field's tier. The BM25F weight of every
     word and pair is added below the tiers. Scores live in typed arrays indexed by page.
     Returns the `limit` best pages (ties in reading order) and how many pages match. */
  function rank(n, parsed, termLists, pairLists, limit) {
    var nt = parsed.terms.length;
    var scores = new Float64Array(n), counts = new Int32Array(n), best = new Float64Array(n);
    var touched = new Int32Array(n), nTouched, i, j, k;
    for (var t = 0; t < nt; t++) {
      var term = parsed.terms[t];
      nTouched = 0;
      for (j = 0; j < termLists[t].length; j++) {
        var L = termLists[t][j], P = L.p, pages = P.pages, flags = P.flags, weights = P.weights;
        /* score of each field combination, adjusted for how the word matched */
        var factor = term.prefix && !L.full ? 0.25 : 1; /* only a longer word starts with what was typed */
        var bonus = term.prefix && L.full ? 200 : 0; /* the word being typed may be complete: those pages first */
        var base = [], loose = [];
        for (var c = 0; c < 8; c++) {
          base[c] = FIELD[FIELD_OF[c]] * factor + bonus;
          loose[c] = term.sensitive ? LOOSE_FIELD[FIELD_OF[c]] * factor + bonus : base[c];
        }
        var mask = L.mask;
        for (i = 0; i < pages.length; i++) {
          var page = pages[i], f = flags[i];
          var sc = ((f >> 3) & mask ? base[f & 7] : loose[f & 7]) + termWeight(weights[i]);
          if (best[page] === 0) touched[nTouched++] = page;
          if (sc > best[page]) best[page] = sc;
        }
      }
      for (k = 0; k < nTouched; k++) {
        var pg = touched[k];
        scores[pg] += best[pg];
        counts[pg]++;
        best[pg] = 0;
      }
    }
    var required = 0, pairHits = new Int32Array(n);
    for (var q = 0; q < pairLists.length; q++) {
      var req = parsed.pairs[q].required;
      if (req) required++;
      nTouched = 0;
      for (j = 0; j < pairLists[q].length; j++) {
        var B = pairLists[q][j].p;
        for (i = 0; i < B.pages.length; i++) {
          var pp = B.pages[i];
          var ps = FIELD[FIELD_OF[B.flags[i] & 7]] * 0.8 + termWeight(B.weights[i]);
          if (best[pp] === 0) touched[nTouched++] = pp;
          if (ps > best[pp]) best[pp] = ps;
        }
      }
      for (k = 0; k < nTouched; k++) {
        var p2 = touched[k];
        scores[p2] += best[p2];
        if (req) pairHits[p2]++;
        best[p2] = 0;
      }
    }
    var partial = false, total = 0, page2;
    for (page2 = 0; page2 < n; page2++) if (counts[page2] === nt && pairHits[page2] === required) total++;
    if (!total && nt > 1 && !required) {
      /* no page has every word: pages with the most of them */
      partial = true;
      for (page2 = 0; page2 < n; page2++) {
        if (counts[page2]) { scores[page2] += 1000 * counts[page2]; total++; }
      }
    }
    /* the best `limit` pages, without sorting them all */
    var top = [];
    for (page2 = 0; page2 < n; page2++) {
      if (partial ? !counts[page2] : counts[page2] !== nt || pairHits[page2] !== required) continue;
      var sc2 = scores[page2];
      if (top.length === limit && sc2 <= scores[top[limit - 1]]) continue;
      var at = top.length;
      while (at > 0 && scores[top[at - 1]] < sc2) at--;
      top.splice(at, 0, page2);
      if (top.length > limit) top.pop();
    }
    return { total: total, top: top.map(function (p) { return { page: p, score: scores[p] }; }) };
  }

  /* Whether the folded words of `phrase` stand in that order, linked, in a text. */
  function phraseIn(text, phrase) {
    if (!text) return false;
    var f = fold(text);
    for (var i = 0; i < phrase.length; i++) if (f.indexOf(phrase[i]) < 0) return false;
    var words = tokenize(text).words;
    for (var s = 0; s + phrase.length <= words.length; s++) {
      var j = 0;
      while (j < phrase.length && words[s + j].fold === phrase[j] && (j === 0 || words[s + j].linked)) j++;
      if (j === phrase.length) return true;
    }
    return false;
  }

  /* Whether a page's record holds every quoted phrase of the query, each within one field
     (title, document metadata, description, a heading, the text under a heading). */
  function hasPhrases(rec, phrases) {
    var texts = [rec.t, rec.k, rec.d];
    rec.b.forEach(function (b) { texts.push(b[1], b[2]); });
    return phrases.every(function (ph) {
      return texts.some(function (t) { return phraseIn(t, ph); });
    });
  }

  /* Pages that hold each pair of a quoted phrase are candidates; their records are loaded
     LIMIT at a time, best first, and kept when they hold the phrase in that order, until
     LIMIT are found or CHECK candidates were looked at. */
  var CHECK = 100;

  function pageRecords(top) {
    return Promise.all(top.map(function (r) {
      var rec = recordOf(r.page);
      return load("p/" + rec.file + ".js").then(function (records) { return records[rec.at]; });
    }));
  }

  function verified(parsed, ranked) {
    if (!parsed.phrases.length) {
      var top = ranked.top.slice(0, LIMIT);
      return pageRecords(top).then(function (records) { return { top: top, records: records, total: ranked.total }; });
    }
    var out = { top: [], records: [], total: 0 }, at = 0;
    function next() {
      if (out.top.length >= LIMIT || at >= ranked.top.length) {
        /* pages not looked at may or may not hold the phrase: they are counted */
        out.total += ranked.total - at;
        return Promise.resolve(out);
      }
      var batch = ranked.top.slice(at, at + LIMIT);
      at += batch.length;
      return pageRecords(batch).then(function (records) {
        records.forEach(function (rec, i) {
          if (!hasPhrases(rec, parsed.phrases)) return;
          out.total++;
          if (out.top.length < LIMIT) { out.top.push(batch[i]); out.records.push(rec); }
        });
        return next();
      });
    }
    return next();
  }

  function search(q) {
    var t0 = performance.now(), timing = {};
    var parsed = parseQuery(q);
    if (!parsed.terms.length) return Promise.resolve({ query: q, parsed: parsed, total: 0, hits: [], timing: timing });
    return ensureMeta().then(function () {
      return Promise.all([
        Promise.all(parsed.terms.map(termMatches)),
        Promise.all(parsed.pairs.map(pairMatches))
      ]);
    }).then(function (maps) {
      var t1 = performance.now();
      timing.index = t1 - t0;
      var ranked = rank(meta.n, parsed, maps[0], maps[1], parsed.phrases.length ? CHECK : LIMIT);
      var t2 = performance.now();
      timing.rank = t2 - t1;
      return verified(parsed, ranked).then(function (v) {
        var t3 = performance.now();
        timing.pages = t3 - t2;
        var score = scorer(parsed);
        var hits = v.top.map(function (r, i) { return describe(r, v.records[i], parsed, score); });
        timing.snippets = performance.now() - t3;
        return { query: q, parsed: parsed, total: v.total, hits: hits, timing: timing };
      });
    });
  }

  var LIMIT = 10;

  /* ---------- snippets ---------- */
  function matcher(parsed) {
    return function (w) {
      for (var i = 0; i < parsed.terms.length; i++) {
        var t = parsed.terms[i];
        if (t.prefix ? w.fold.indexOf(t.fold) === 0 : w.fold === t.fold) return t;
      }
      return null;
    };
  }

  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&"); }

  /* Patterns that score a piece of text for choosing the block to show and link to: one
     folding of the whole text, then regular expressions, rather than tokenizing every
     block of every hit. */
  function scorer(parsed) {
    /* word boundaries by code ranges (letters of Latin, Greek, Cyrillic, Vietnamese,
       CJK…; not punctuation): no Unicode property tables to compile on the first query */
    var L = "0-9A-Za-z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u02ff\\u0300-\\u036f\\u0370-\\u1fff\\u2c00-\\u2dff\\u3040-\\ud7ff\\uf900-\\ufdff";
    var B = "(?<![" + L + "])", E = "(?![" + L + "])";
    var terms = parsed.terms.map(function (t) {
      return {
        fold: new RegExp(B + escapeRe(t.fold) + (t.prefix ? "" : E), "g"),
        exact: t.sensitive ? new RegExp(B + escapeRe(t.exact) + (t.prefix ? "" : E), "g") : null
      };
    });
    var pairs = parsed.pairs.map(function (p) {
      return new RegExp(B + escapeRe(p.a) + "\\s+" + escapeRe(p.b) + (p.prefix ? "" : E), "g");
    });
    function count(re, text) { var m = text.match(re); return m ? m.length : 0; }
    return function (text) {
      if (!text) return 0;
      var f = fold(text), ex = null, s = 0;
      terms.forEach(function (t) {
        var c = count(t.fold, f);
        if (!c) return;
        s += 10 + Math.min(c, 5) * 0.5;
        if (t.exact) s += 2 * Math.min(count(t.exact, ex || (ex = exact(text))), 5);
      });
      pairs.forEach(function (re) { s += 3 * Math.min(count(re, f), 5); });
      return s;
    };
  }

  function describe(r, rec, parsed, score) {
    var match = matcher(parsed), best = null, bestScore = 0;
    rec.b.forEach(function (b) {
      var s = score(b[1]) * 1.5 + score(b[2]);
      if (s > bestScore) { bestScore = s; best = b; }
    });
    var pageUrl = root + rec.u.split("/").map(encodeURIComponent).join("/");
    var text = best ? best[2] : rec.d || (rec.b[0] ? rec.b[0][2] : "");
    if (!best && rec.d && score(rec.d) === 0 && rec.b.length) text = rec.b[0][2];
    return {
      page: r.page,
      score: r.score,
      title: rec.t,
      section: rec.s,
      url: pageUrl,
      heading: best && best[0] ? best[1] : "",
      headingUrl: best && best[0] ? pageUrl + "#" + encodeURIComponent(best[0]) : "",
      snippet: snippet(text, parsed, match),
      titleMarks: marks(rec.t, 0, rec.t.length, match)
    };
  }

  /* Pieces [text, marked] of text[from..to]. */
  function marks(text, from, to, match) {
    var out = [], at = from, tk = tokenize(text.slice(from, to));
    var spans = tk.words.filter(function (w) { return match(w); }).map(function (w) { return [w.start + from, w.end + from]; });
    tk.compounds.forEach(function (c) { if (match(c)) spans.push([c.start + from, c.end + from]); });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    spans.forEach(function (s) {
      if (s[0] < at) return;
      if (s[0] > at) out.push([text.slice(at, s[0]), false]);
      out.push([text.slice(s[0], s[1]), true]);
      at = s[1];
    });
    if (at < to) out.push([text.slice(at, to), false]);
    return out;
  }

  var SNIPPET = 180;

  function snippet(text, parsed, match) {
    if (!text) return [];
    var tk = tokenize(text), first = -1;
    for (var i = 0; i < tk.words.length; i++) if (match(tk.words[i])) { first = tk.words[i].start; break; }
    var from = 0;
    if (first > SNIPPET / 3) {
      from = first - SNIPPET / 3;
      var sp = text.lastIndexOf(" ", from);
      from = sp >= 0 && first - sp < SNIPPET / 2 ? sp + 1 : from;
    }
    var to = Math.min(text.length, from + SNIPPET);
    if (to < text.length) { var e = text.lastIndexOf(" ", to); if (e > from + SNIPPET / 2) to = e; }
    var out = marks(text, from, to, match);
    if (from > 0) out.unshift(["…", false]);
    if (to < text.length) out.push(["…", false]);
    return out;
  }

  /* ---------- the search box ---------- */
  function fill(el, pieces) {
    pieces.forEach(function (p) {
      if (p[1]) { var m = document.createElement("mark"); m.textContent = p[0]; el.appendChild(m); }
      else el.appendChild(document.createTextNode(p[0]));
    });
  }

  function format(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (_, k) { return values[k] != null ? values[k] : ""; });
  }

  function setup(box) {
    root = box.getAttribute("data-root") || "";
    var input = box.querySelector("input[type=search]");
    if (!input) return;
    var t = {
      results: box.getAttribute("data-t-results"),
      none: box.getAttribute("data-t-none"),
      loading: box.getAttribute("data-t-loading"),
      error: box.getAttribute("data-t-error"),
      more: box.getAttribute("data-t-more")
    };
    var panel = document.createElement("div");
    panel.className = "search-panel";
    panel.hidden = true;
    /* it scrolls when the results are long: Tab reaches it so keys can scroll it too
       (Escape there closes it and returns to the box) */
    panel.tabIndex = 0;
    var status = document.createElement("p");
    status.className = "search-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var list = document.createElement("ul");
    list.id = "search-results";
    list.className = "search-results";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("aria-label") || "");
    panel.appendChild(status);
    panel.appendChild(list);
    box.appendChild(panel);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var active = -1, seq = 0, timer = 0;

    function open(on) {
      if (!on && active >= 0) {
        var opts = options();
        if (opts[active]) opts[active].setAttribute("aria-selected", "false");
        active = -1;
        input.removeAttribute("aria-activedescendant");
      }
      panel.hidden = !on;
      input.setAttribute("aria-expanded", on ? "true" : "false");
      box.classList.toggle("is-open", on);
    }

    function options() { return list.querySelectorAll("[role=option]"); }

    function activate(i) {
      var opts = options();
      if (!opts.length) return;
      if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
      active = (i + opts.length) % opts.length;
      opts[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opts[active].id);
      if (opts[active].scrollIntoView) opts[active].scrollIntoView({ block: "nearest" });
    }

    function show(res) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      res.hits.forEach(function (h, i) {
        var li = document.createElement("li");
        li.id = "search-r-" + i;
        li.className = "search-result";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-href", h.headingUrl || h.url);
        /* an option holds text, not links (controls must not nest; ARIA options are read
           as plain text): its parts carry their targets in data-href */
        var a = document.createElement("span");
        a.className = "search-title";
        a.setAttribute("data-href", h.url);
        fill(a, h.titleMarks);
        li.appendChild(a);
        if (h.section) {
          var sec = document.createElement("span");
          sec.className = "search-section";
          sec.textContent = h.section;
          li.appendChild(sec);
        }
        if (h.heading) {
          var ha = document.createElement("span");
          ha.className = "search-heading";
          ha.setAttribute("data-href", h.headingUrl);
          ha.textContent = h.heading;
          li.appendChild(ha);
        }
        if (h.snippet.length) {
          var p = document.createElement("p");
          p.className = "search-snippet";
          fill(p, h.snippet);
          li.appendChild(p);
        }
        function follow(e) {
          var part = e.target.closest ? e.target.closest("[data-href]") : li;
          var href = (part || li).getAttribute("data-href");
          if (e.button === 1 || e.ctrlKey || e.metaKey || e.shiftKey) window.open(href, "_blank");
          else window.location.href = href;
        }
        li.addEventListener("click", follow);
        li.addEventListener("auxclick", function (e) { if (e.button === 1) follow(e); });
        list.appendChild(li);
      });
      status.textContent = res.total ? format(t.results, { n: res.total.toLocaleString(document.documentElement.lang || "vi"), shown: res.hits.length }) : format(t.none, { q: res.query });
      open(true);
    }

    function run() {
      var q = input.value;
      var mine = ++seq;
      if (!q.trim()) { list.textContent = ""; status.textContent = ""; open(false); return; }
      if (!meta) { status.textContent = t.loading || ""; open(true); }
      search(q).then(function (res) {
        if (mine === seq) show(res);
      }, function () {
        if (mine === seq) { status.textContent = t.error || ""; open(true); }
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    input.addEventListener("focus", function () {
      ensureMeta().catch(function () {});
      if (input.value.trim() && list.firstChild) open(true);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (panel.hidden && input.value.trim()) open(true);
        e.preventDefault();
        activate(active + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Enter") {
        var opts = options();
        var target = opts[active >= 0 ? active : 0];
        if (target && !panel.hidden) {
          e.preventDefault();
          window.location.href = target.getAttribute("data-href");
        }
      } else if (e.key === "Escape") {
        if (!panel.hidden) { e.preventDefault(); open(false); }
        else if (input.value) { e.preventDefault(); input.value = ""; }
      }
    });
    document.addEventListener("click", function (e) {
      if (!box.contains(e.target)) open(false);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !panel.hidden && document.activeElement !== input) { open(false); input.focus(); }
    });
  }

  /* ---------- entry points ---------- */
  var api = window.sotaySearch = window.sotaySearch || {};
  api.meta = function (data) { deliver("meta.js", data); };
  api.t = function (id, data) { deliver("t" + id + ".js", data); };
  api.b = function (id, data) { deliver("b" + id + ".js", data); };
  api.p = function (id, data) { deliver("p/" + id + ".js", data); };
  /* For tests and measurements. */
  api.fold = fold;
  api.exact = exact;
  api.tokenize = tokenize;
  api.search = search;
  api.parseQuery = parseQuery;
  api.rank = rank;
  api.hasPhrases = hasPhrases;
  api.loaded = loaded;

  function init() {
    var box = document.getElementById("search");
    if (box) setup(box);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
