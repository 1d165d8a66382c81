// kbgen search: results as you type, with no server and no network. The tokenizer follows the
// rules of src/publish/search/index.rs exactly (tests/search/tokens.json holds cases both pass). The index is
// split into scripts that register themselves (fetch is refused from file://): a query loads the
// term shards its words need, then the document chunks of the results it shows.
(function (global) {
  "use strict";

  var WORD = /[\p{Alphabetic}\p{N}_]/u;
  var UPPER = /\p{Uppercase}/u;
  var LOWER = /\p{Lowercase}/u;
  var NUMERIC = /\p{N}/u;
  // A UUID is an instance value, never what a reader looks for: it splits a chunk like a space.
  // Letters, digits and `_` around it make it part of a word, but Hangul, kana and ideographs
  // (a Korean particle is written against the word it follows: `<uuid>와`).
  var NOT_CJK = "(?![\\u1100-\\u11ff\\u3130-\\u318f\\uac00-\\ud7a3\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff])";
  var WORD_AROUND = NOT_CJK + "[\\p{Alphabetic}\\p{N}_]";
  var UUID = new RegExp("(?<!" + WORD_AROUND + ")[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?!" +
    WORD_AROUND + ")", "giu");
  // Ranking weights of the fields (bits as in src/publish/search/index.rs): message and title first.
  var WEIGHTS = [[2, 8], [1, 6], [16, 3], [4, 2], [8, 1]];

  function isCjk(ch) {
    var cp = ch.codePointAt(0);
    return (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff);
  }
  function isWord(ch) { return WORD.test(ch) && !isCjk(ch); }
  function isNumeric(ch) { return NUMERIC.test(ch); }

  function wordTokens(chars, out) {
    var whole = chars.join("").toLowerCase();
    var parts = [];
    var current = "";
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (c === "_") { parts.push(current); current = ""; continue; }
      if (i > 0) {
        var previous = chars[i - 1];
        var stepUp = UPPER.test(c) && (LOWER.test(previous) || isNumeric(previous));
        var letterDigit = previous !== "_" && isNumeric(c) !== isNumeric(previous);
        if ((stepUp || letterDigit) && current !== "") { parts.push(current); current = ""; }
      }
      current += c;
    }
    parts.push(current);
    parts = parts.filter(function (p) { return Array.from(p).length >= 2; }).map(function (p) { return p.toLowerCase(); });
    out.push(whole);
    if (parts.length > 1 || (parts.length === 1 && parts[0] !== whole)) {
      for (var j = 0; j < parts.length; j++) out.push(parts[j]);
    }
  }

  function tokens(text) {
    var out = [];
    var chunks = [];
    String(text).split(/\s+/u).forEach(function (chunk) { chunks.push.apply(chunks, chunk.split(UUID)); });
    for (var k = 0; k < chunks.length; k++) {
      var chars = Array.from(chunks[k]);
      var start = 0;
      var end = chars.length;
      while (start < end && !isWord(chars[start]) && !isCjk(chars[start])) start++;
      while (end > start && !isWord(chars[end - 1]) && !isCjk(chars[end - 1])) end--;
      chars = chars.slice(start, end);
      if (chars.length === 0) continue;
      var inner = chars.some(function (c) { return !isWord(c) && !isCjk(c); });
      if (inner && chars.length <= 64) out.push(chars.join("").toLowerCase());
      var i = 0;
      while (i < chars.length) {
        var from = i;
        if (isWord(chars[i])) {
          while (i < chars.length && isWord(chars[i])) i++;
          wordTokens(chars.slice(from, i), out);
        } else if (isCjk(chars[i])) {
          while (i < chars.length && isCjk(chars[i])) i++;
          var run = chars.slice(from, i);
          if (run.length === 1) {
            out.push(run[0].toLowerCase());
          } else {
            for (var b = 0; b + 1 < run.length; b++) out.push((run[b] + run[b + 1]).toLowerCase());
          }
        } else {
          i++;
        }
      }
    }
    return out;
  }

  // As src/publish/search/index.rs: FNV-1a over the code points of the first three characters.
  function shardOf(term, shards) {
    var hash = 2166136261;
    var chars = Array.from(term).slice(0, 3);
    for (var i = 0; i < chars.length; i++) {
      hash ^= chars[i].codePointAt(0);
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    return hash % shards;
  }

  // Postings as src/publish/search/index.rs encodes them: per document (ascending) the number
  // (document - previous document) * 32 + field bits, 5 bits a character, low bits first, the
  // character's bit 32 set when more follow.
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT_VALUE = {};
  for (var d = 0; d < DIGITS.length; d++) DIGIT_VALUE[DIGITS[d]] = d;
  // [document, fields, document, fields, ...]; a leading "!" marks a term found in more than
  // half of the documents, of which only the postings in titles and messages were kept.
  function decodePostings(encoded) {
    var out = [];
    var doc = 0, value = 0, scale = 1;
    var common = encoded[0] === "!";
    if (common) out.common = true;
    for (var i = common ? 1 : 0; i < encoded.length; i++) {
      var digit = DIGIT_VALUE[encoded[i]];
      value += (digit & 31) * scale;
      if (digit & 32) { scale *= 32; continue; }
      doc += Math.floor(value / 32);
      out.push(doc, value % 32);
      value = 0;
      scale = 1;
    }
    return out;
  }

  var index = { manifest: null, terms: {}, docs: {} };
  var decoded = {};
  var loading = {};

  function add(kind, number, data) {
    if (kind === "manifest") index.manifest = data;
    else index[kind][number] = data;
  }

  // Where a snippet of `text` around its first hit starts and ends: at white space (in Korean
  // too), never inside a word; about 40 characters before the hit, 180 in all.
  function snippetBounds(text, hit) {
    var start = Math.max(0, hit - 40);
    if (start > 0) {
      var before = text.lastIndexOf(" ", start);
      var after = text.indexOf(" ", start);
      if (before >= 0 && start - before <= 20) start = before + 1;
      else if (after >= 0 && after < hit) start = after + 1;
      else start = before + 1;
    }
    var end = Math.min(text.length, start + 180);
    if (end < text.length) {
      var last = text.lastIndexOf(" ", end);
      if (last > Math.max(start, hit)) end = last;
    }
    return [start, end];
  }

  global.kbgenSearch = {
    add: add, tokens: tokens, shardOf: shardOf, decodePostings: decodePostings, snippetBounds: snippetBounds,
  };
  if (typeof module !== "undefined") module.exports = global.kbgenSearch;
  if (typeof document === "undefined") return;

  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input");
  var results = form.querySelector(".search-results");
  var base = form.dataset.index;
  var root = form.dataset.root;

  function load(file) {
    if (!loading[file]) {
      loading[file] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = base + file;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading[file];
  }

  function weight(fields) {
    for (var i = 0; i < WEIGHTS.length; i++) if (fields & WEIGHTS[i][0]) return WEIGHTS[i][1];
    return 0;
  }

  // Scores every document for the query; the last word is a prefix while the reader types.
  function rank(query) {
    var manifest = index.manifest;
    var terms = Array.from(new Set(tokens(query)));
    var words = query.split(/\s+/u).filter(Boolean);
    var typing = words.length && !/\s$/u.test(query) ? tokens(words[words.length - 1]).filter(function (t) {
      return !isCjk(t[0]);
    }) : [];
    // A query that is an entry's code, whole (`SkuNotAvailable`), finds it first: the index
    // has each code as the term `<code>#`, which no word of a text makes.
    var code = query.trim().toLowerCase() + "#";
    var shards = new Set(terms.concat([code]).map(function (t) { return shardOf(t, manifest.shards); }));
    return Promise.all(Array.from(shards).map(function (s) { return load("terms-" + s + ".js"); })).then(function () {
      var scores = {};
      var matched = {};
      var exact = {};
      var codeShard = index.terms[shardOf(code, manifest.shards)] || {};
      if (Object.prototype.hasOwnProperty.call(codeShard, code)) {
        var coded = decodePostings(codeShard[code]);
        for (var c = 0; c < coded.length; c += 2) exact[coded[c]] = true;
      }
      // How much each term says: rare terms more (their weight in the coverage below).
      var rarity = {};
      var allRarity = 0;
      terms.forEach(function (term) {
        var shard = index.terms[shardOf(term, manifest.shards)] || {};
        var postings = Object.prototype.hasOwnProperty.call(shard, term)
          ? (decoded[term] || (decoded[term] = decodePostings(shard[term]))) : null;
        var found = postings ? (postings.common ? manifest.docs / 2 : postings.length / 2) : 0;
        rarity[term] = Math.log(1 + manifest.docs / Math.max(found, 1));
        allRarity += rarity[term];
      });
      terms.forEach(function (term) {
        var shard = index.terms[shardOf(term, manifest.shards)] || {};
        var expanded = [term];
        if (typing.indexOf(term) >= 0 && Array.from(term).length >= 3) {
          expanded = Object.keys(shard).filter(function (t) { return t.indexOf(term) === 0; }).slice(0, 50);
        }
        var best = {};
        expanded.forEach(function (t) {
          if (!Object.prototype.hasOwnProperty.call(shard, t)) return;
          var postings = decoded[t] || (decoded[t] = decodePostings(shard[t]));
          var idf = Math.log(1 + manifest.docs / (postings.common ? manifest.docs / 2 : postings.length / 2));
          for (var i = 0; i < postings.length; i += 2) {
            var value = weight(postings[i + 1]) * idf;
            if (!(postings[i] in best) || best[postings[i]] < value) best[postings[i]] = value;
          }
        });
        Object.keys(best).forEach(function (doc) {
          scores[doc] = (scores[doc] || 0) + best[doc];
          matched[doc] = (matched[doc] || 0) + rarity[term];
        });
      });
      Object.keys(exact).forEach(function (doc) { if (!(doc in scores)) scores[doc] = 0; });
      return Object.keys(scores)
        .map(function (doc) {
          // The share of the query a document has counts most, each term by its rarity: a
          // pasted message wins, and a query that restates an entry's title wins over one that
          // shares its common words.
          var coverage = allRarity ? matched[doc] / allRarity : 0;
          var score = scores[doc] * (0.25 + coverage * coverage);
          return { doc: Number(doc), score: exact[doc] ? 1e9 + score : score };
        })
        .sort(function (a, b) { return b.score - a.score || a.doc - b.doc; })
        .slice(0, 10);
    });
  }

  function snippet(text, query) {
    var lower = text.toLowerCase();
    var needles = Array.from(new Set(tokens(query))).filter(function (t) { return Array.from(t).length >= 2; });
    var hits = [];
    needles.forEach(function (needle) {
      var at = lower.indexOf(needle);
      while (at >= 0) { hits.push([at, at + needle.length]); at = lower.indexOf(needle, at + needle.length); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var bounds = snippetBounds(text, hits.length ? hits[0][0] : 0);
    var start = bounds[0], end = bounds[1];
    var paragraph = document.createElement("p");
    paragraph.className = "snippet";
    var position = start;
    if (start > 0) paragraph.appendChild(document.createTextNode("…"));
    hits.forEach(function (hit) {
      if (hit[0] < position || hit[1] > end) return;
      paragraph.appendChild(document.createTextNode(text.slice(position, hit[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(hit[0], hit[1]);
      paragraph.appendChild(mark);
      position = hit[1];
    });
    paragraph.appendChild(document.createTextNode(text.slice(position, end) + (end < text.length ? "…" : "")));
    return paragraph;
  }

  var latest = 0;
  function search() {
    var query = input.value.trim() ? input.value : "";
    var ticket = ++latest;
    if (!query) { results.replaceChildren(); return; }
    load("index.js").then(function () { return rank(input.value); }).then(function (ranked) {
      var chunks = new Set(ranked.map(function (r) { return Math.floor(r.doc / index.manifest.chunk); }));
      return Promise.all(Array.from(chunks).map(function (c) { return load("docs-" + c + ".js"); })).then(function () {
        return ranked;
      });
    }).then(function (ranked) {
      if (ticket !== latest) return;
      if (!ranked.length) {
        var none = document.createElement("p");
        none.className = "no-results";
        none.textContent = form.dataset.noResults;
        results.replaceChildren(none);
        return;
      }
      var list = document.createElement("ol");
      ranked.forEach(function (r) {
        var chunk = index.docs[Math.floor(r.doc / index.manifest.chunk)];
        var row = chunk.rows[r.doc % index.manifest.chunk];
        var page = chunk.topics[row[1]];
        var item = document.createElement("li");
        var link = document.createElement("a");
        // The entry's own page, beside its topic's index.html.
        link.href = root + page[1].replace(/index\.html$/, "") + row[2] + ".html";
        var title = document.createElement("span");
        title.className = "result-title";
        title.textContent = row[0];
        if (row[4]) {
          // The entry's code, as the error shows it.
          var code = document.createElement("code");
          code.className = "result-code";
          code.setAttribute("translate", "no");
          code.textContent = row[4];
          title.append(" ", code);
        }
        var topic = document.createElement("span");
        topic.className = "result-topic";
        topic.textContent = page[0];
        link.append(title, " ", topic);
        item.append(link, snippet(row[3], input.value));
        list.appendChild(item);
      });
      results.replaceChildren(list);
    });
  }

  form.hidden = false;
  input.addEventListener("input", search);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = results.querySelector("a");
    if (first) first.click();
  });
})(typeof window !== "undefined" ? window : globalThis);
