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
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var SPACE = /^\p{White_Space}*$/u;
  var NUMERIC = /\p{N}/u;

  function fold(s) {
    return s.normalize("NFD").toLowerCase().replace(MARKS, "").replace(/đ/g, "d");
  }

  function exact(s) {
    return s.normalize("NFC").toLowerCase().normalize("NFC");
  }

  /* Words {exact, fold, start, end, linked} and compounds of a text (offsets in UTF-16 units). */
  function tokenize(text) {
    var words = [], compounds = [], start = -1, chainStart = 0;
    function pushCompound(from, to) {
      if (to - from < 2) return;
      var s = words[from].start, e = words[to - 1].end, t = text.slice(s, e);
      if (NUMERIC.test(t)) compounds.push({ exact: exact(t), fold: fold(t), start: s, end: e, linked: false });
    }
    function finish(s, e) {
      var joined = false, linked = false;
      if (words.length) {
        var gap = text.slice(words[words.length - 1].end, s);
        joined = gap === "-" || gap === "/";
        linked = joined || SPACE.test(gap);
      }
      if (!joined) { pushCompound(chainStart, words.length); chainStart = words.length; }
      var w = text.slice(s, e);
      words.push({ exact: exact(w), fold: fold(w), start: s, end: e, linked: linked });
    }
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i));
      var isWord = WORD.test(ch);
      if (isWord && start < 0) start = i;
      else if (!isWord && start >= 0) { finish(start, i); start = -1; }
      i += ch.length;
    }
    if (start >= 0) finish(start, text.length);
    pushCompound(chainStart, words.length);
    return { words: words, compounds: compounds };
  }

  /* ---------- index loading ---------- */
  var ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
  var DIGIT = {};
  for (var d = 0; d < ALPHABET.length; d++) DIGIT[ALPHABET.charCodeAt(d)] = d;

  function decode(s) {
    var out = [], acc = 0;
    for (var i = 0; i < s.length; i++) {
      var v = DIGIT[s.charCodeAt(i)];
      acc = acc * 32 + (v & 31);
      if (v < 32) { out.push(acc); acc = 0; }
    }
    var pages = [], weights = [], flags = [], page = 0;
    for (var j = 0; j + 2 < out.length; j += 3) {
      page += out[j];
      pages.push(page); weights.push(out[j + 1]); flags.push(out[j + 2]);
    }
    return { pages: pages, weights: weights, flags: flags };
  }

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
        meta = m;
        meta.termSet = setOf(m.terms);
        meta.pairSet = setOf(m.pairs);
        return m;
      });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
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

  function loadShards(space, ids) {
    return Promise.all(ids.map(function (id) { return load(shardFile(space, id)); }));
  }

  /* ---------- queries ---------- */
  var PREFIX_BUDGET = 160 * 1024;
  var MAX_EXPANSIONS = 40;
  var FIELD = [40, 20, 10]; /* title, heading, body */

  /* Terms, pairs and phrases of a query. */
  function parseQuery(q) {
    q = q.normalize("NFC");
    var parts = q.split(/["“”]/), terms = [], pairs = [], seen = {};
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
    }
    return { terms: terms, pairs: pairs };
  }

  /* Matches of one term: page → {w, flags, exact, full}. */
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
      keys = keys.slice(0, MAX_EXPANSIONS);
      var out = new Map();
      keys.forEach(function (kv) {
        var full = kv[0] === term.fold, variants = kv[1][1], mask = 0;
        for (var v = 0; v < variants.length; v++) {
          if (full ? variants[v] === term.exact : variants[v].indexOf(term.exact) === 0) mask |= 1 << v;
        }
        var p = decode(kv[1][0]);
        for (var i = 0; i < p.pages.length; i++) {
          var m = out.get(p.pages[i]);
          var isExact = ((p.flags[i] >> 3) & mask) !== 0;
          if (!m) { m = { w: 0, flags: 0, exact: false, full: false }; out.set(p.pages[i], m); }
          m.w = Math.max(m.w, p.weights[i]);
          m.flags |= p.flags[i] & 7;
          m.exact = m.exact || isExact;
          m.full = m.full || full;
        }
      });
      return out;
    });
  }

  /* Pages where a pair of words stands together: page → {w, flags}. */
  function pairMatches(pair) {
    var key = pair.a + " " + pair.b;
    return loadShards("b", [shardOf(meta.pairSet, key)]).then(function (shards) {
      var out = new Map(), sh = shards[0];
      for (var k in sh) {
        if (pair.prefix ? k.indexOf(key) !== 0 : k !== key) continue;
        var p = decode(sh[k]);
        for (var i = 0; i < p.pages.length; i++) {
          var m = out.get(p.pages[i]);
          if (!m) { m = { w: 0, flags: 0 }; out.set(p.pages[i], m); }
          m.w = Math.max(m.w, p.weights[i]);
          m.flags |= p.flags[i] & 7;
        }
      }
      return out;
    });
  }

  function bestField(flags) {
    return flags & 1 ? 0 : flags & 2 ? 1 : 2;
  }

  /* Ranks pages: field of each match (title > heading > body), exact over folded spelling,
     words standing together, then BM25 weight. */
  function rank(parsed, termMaps, pairMaps) {
    var n = parsed.terms.length, scores = new Map(), counts = new Map();
    termMaps.forEach(function (m, t) {
      var term = parsed.terms[t];
      m.forEach(function (x, page) {
        var s = FIELD[bestField(x.flags)];
        if (term.sensitive && !x.exact) s *= 0.5;
        if (term.prefix && !x.full) s *= 0.25; /* only a longer word starts with what was typed */
        if (term.prefix && x.full) s += 200; /* the word being typed may be complete: those pages first */
        s += Math.min(x.w / 8, 9);
        scores.set(page, (scores.get(page) || 0) + s);
        counts.set(page, (counts.get(page) || 0) + 1);
      });
    });
    var candidates = [];
    counts.forEach(function (c, page) { if (c === n) candidates.push(page); });
    var partial = false;
    if (!candidates.length && n > 1 && !parsed.pairs.some(function (p) { return p.required; })) {
      partial = true;
      counts.forEach(function (c, page) { candidates.push(page); });
    }
    var results = [];
    candidates.forEach(function (page) {
      var s = scores.get(page) + (partial ? 100 * counts.get(page) : 0), ok = true;
      pairMaps.forEach(function (m, k) {
        var x = m.get(page);
        if (x) s += FIELD[bestField(x.flags)] * 0.8 + Math.min(x.w / 8, 9);
        else if (parsed.pairs[k].required) ok = false;
      });
      if (ok) results.push({ page: page, score: s });
    });
    results.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    return results;
  }

  function search(q) {
    var parsed = parseQuery(q);
    if (!parsed.terms.length) return Promise.resolve({ query: q, parsed: parsed, total: 0, hits: [] });
    return ensureMeta().then(function () {
      return Promise.all([
        Promise.all(parsed.terms.map(termMatches)),
        Promise.all(parsed.pairs.map(pairMatches))
      ]);
    }).then(function (maps) {
      var ranked = rank(parsed, maps[0], maps[1]);
      var top = ranked.slice(0, LIMIT);
      return Promise.all(top.map(function (r) { return load("p/" + r.page + ".js"); })).then(function (records) {
        return {
          query: q,
          parsed: parsed,
          total: ranked.length,
          hits: top.map(function (r, i) { return describe(r, records[i], parsed); })
        };
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

  /* Score of a piece of text for choosing the block to show and link to. */
  function textScore(text, parsed, match) {
    var tk = tokenize(text), found = {}, s = 0;
    tk.words.concat(tk.compounds).forEach(function (w) {
      var t = match(w);
      if (!t) return;
      if (!found[t.fold]) { found[t.fold] = true; s += 10; }
      s += t.sensitive && w.exact.indexOf(t.exact) === 0 ? 2 : 0.5;
    });
    for (var k = 1; k < tk.words.length; k++) {
      if (tk.words[k].linked && match(tk.words[k - 1]) && match(tk.words[k])) s += 3;
    }
    return s;
  }

  function describe(r, rec, parsed) {
    var match = matcher(parsed), best = null, bestScore = 0;
    rec.b.forEach(function (b) {
      var s = textScore(b[1], parsed, match) * 1.5 + textScore(b[2], parsed, match);
      if (s > bestScore) { bestScore = s; best = b; }
    });
    var pageUrl = root + rec.u.split("/").map(encodeURIComponent).join("/");
    var text = best ? best[2] : rec.d || (rec.b[0] ? rec.b[0][2] : "");
    if (!best && rec.d && textScore(rec.d, parsed, match) === 0 && rec.b.length) text = rec.b[0][2];
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
  api.loaded = loaded;

  function init() {
    var box = document.getElementById("search");
    if (box) setup(box);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
