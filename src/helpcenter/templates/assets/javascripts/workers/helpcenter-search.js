/*
 * helpcenter: query side of stemmed search, wrapped around Material's search worker.
 *
 * Material appends "*" to every typed word, and lunr never stems a wildcard term, so an
 * index built with the language's stemmer would not match "заказы*" to the stem "заказ".
 * Before Material's worker sees a query, this adds each word's stem (computed with the same
 * lunr-languages stemmer that built the index), drops stop words and folds accents ("ё" → "е",
 * "devolución" → "devolucion"), which the index also holds in its `folded` field.
 *
 * A prefix also matches longer, rarer words ("заказ*" finds "заказать" in "order a callback"),
 * and lunr weighs a rare word far above a common one, so each word is also searched exactly,
 * through the stemmer, with EXACT_BOOST ("заказы^100"): a page holding the customer's word in
 * any of its forms ranks above one that only holds a longer word starting like it. Material
 * leaves a boosted term without its "*".
 *
 * An index of several languages (`config.lang`, e.g. ["ru", "en"] so that Latin words on
 * Russian pages are searchable) runs as lunr.multiLanguage does: one trimmer for all their
 * letters, every language's stop words, their stemmers one after the other.
 * Material's own worker (hashed name) is passed as ?material=<url>; it keeps doing the rest.
 */
(function () {
  var params = new URL(self.location.href).searchParams;
  var languages = ["en"];
  var EXACT_BOOST = 100;

  // The same rule as helpcenter.search.fold: accents off Latin letters, "ё" → "е"; "й" stays.
  function fold(word) {
    return word.replace(/ё/g, "е").normalize("NFKD")
      .replace(/([A-Za-z])[\u0300-\u036f]+/g, "$1").normalize("NFC");
  }

  // Spanish: the stemmer keys some suffixes on their accent ("devolución" → "devolu", but
  // "devolucion" → "devolucion"), so a word typed without accents also tries them.
  var ACCENTS = { a: "á", e: "é", i: "í", o: "ó", u: "ú" };
  function accentVariants(word) {
    if (languages[0] !== "es") return [];
    var variants = [];
    for (var i = word.length - 1, found = 0; i >= 0 && found < 3; i--) {
      if (ACCENTS[word[i]]) {
        variants.push(word.slice(0, i) + ACCENTS[word[i]] + word.slice(i + 1));
        found += 1;
      }
    }
    return variants;
  }

  function analyzers() {
    var lunr = self.lunr;
    var steps = languages.map(function (code) {
      return code === "en" || !lunr[code] ? { code: "en", lang: lunr } : { code: code, lang: lunr[code] };
    });
    var trim = steps.length > 1
      ? lunr.trimmerSupport.generateTrimmer(steps.map(function (step) {
        return step.code === "en" ? "\\w" : step.lang.wordCharacters;
      }).join(""))
      : steps[0].lang.trimmer || lunr.trimmer;
    return {
      trim: trim,
      stop: function (token) {
        return steps.every(function (step) { return (step.lang.stopWordFilter || lunr.stopWordFilter)(token); })
          ? token : undefined;
      },
      stem: function (token) {
        return steps.reduce(function (stemmed, step) { return (step.lang.stemmer || lunr.stemmer)(stemmed); }, token);
      }
    };
  }

  function expand(query) {
    if (!self.lunr || /(^|\s)[+\-]|[:~^*"]/.test(query)) return query; // lunr syntax: leave it alone
    var a = analyzers(), terms = [], exact = [];
    query.toLowerCase().split(/[\s\-]+/).forEach(function (raw) {
      if (!raw) return;
      var token = a.trim(new self.lunr.Token(raw));
      if (!token || !token.toString()) return;
      if (!a.stop(token)) return; // a stop word matches everything worth nothing
      var word = token.toString(), folded = fold(word);
      if (!a.stop(new self.lunr.Token(folded))) return; // "cómo" typed is "como", a stop word
      var candidates = [word, folded, a.stem(new self.lunr.Token(folded)).toString()];
      accentVariants(folded).forEach(function (variant) {
        var stem = a.stem(new self.lunr.Token(variant)).toString();
        if (stem.length >= 4) candidates.push(stem);
      });
      candidates.forEach(function (term) {
        if (term && terms.indexOf(term) < 0) terms.push(term);
      });
      if (exact.indexOf(folded) < 0) exact.push(folded);
    });
    if (!terms.length) return query;
    return terms.concat(exact.map(function (word) { return word + "^" + EXACT_BOOST; })).join(" ");
  }

  // Material's worker (40 kB) is loaded with the first message, which comes only once the
  // customer uses the search, so a page view that never searches does not download it. A
  // listener added while a message is being handled does not receive that message, so the
  // first one is handed to Material's again.
  var loaded = false;
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === 0 && message.data && message.data.config) {
      languages = message.data.config.lang || ["en"];
    } else if (message && message.type === 2 && typeof message.data === "string") {
      message.data = expand(message.data);
    }
    if (!loaded) {
      loaded = true;
      importScripts(params.get("material"));
      self.dispatchEvent(new MessageEvent("message", { data: message }));
    }
  });
})();
