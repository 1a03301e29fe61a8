// Results page: the query goes to Pagefind's own script (pagefind.js, in the site's bundle);
// results are listed by what they are, stories before bulletins, each with its type, date
// and region (data-pagefind-meta) above an excerpt Pagefind takes from the indexed text.
// With no result, the closest term with stories (JSON in the page) is proposed, as the
// catalogue filtered by it.
(function () {
  "use strict";
  var root = document.getElementById("oqrls-recherche");
  if (!root) return;
  var form = root.querySelector("form");
  var box = document.getElementById("oqrls-recherche-q");
  var status = document.getElementById("oqrls-recherche-etat");
  var list = document.getElementById("oqrls-recherche-resultats");
  var PAGE = 10;  // results whose excerpt is fetched at once (one small file each)
  var GROUPS = [
    { type: "Récit", title: "Récits" },
    { type: "Bulletin", title: "Bulletins Le Relais" }
  ];
  var pagefind = null;
  var current = 0;  // the search being shown: an older one that ends late is dropped

  var escape = function (text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  };
  // Pagefind reads the pages with straight apostrophes (generator/outputs/search.py): shown
  // typographic again, as on the pages.
  var typeset = function (text) {
    return text.replace(/(\p{L})(?:'|&#39;|&#x27;|&apos;)/gu, "$1\u2019");
  };
  // Pagefind marks each word it matched, « de » in « déjà » and « Dépendances » too: only
  // the words that begin like a word of the query (its first four letters), or are one of
  // its short words, stay marked, so that what the reader typed stands out.
  var unmarkOthers = function (excerpt, query) {
    var words = bare(query).split(" ").filter(Boolean);
    return excerpt.replace(/<mark>([^<]*)<\/mark>/gu, function (marked, text) {
      var word = bare(text);
      var kept = words.some(function (typed) {
        return typed.length >= 4 ? word.slice(0, 4) === typed.slice(0, 4) : word === typed;
      });
      return kept && !(word.length <= 3 && words.some(function (w) { return w.length >= 4; }))
        ? marked : text;
    });
  };
  var plural = function (n, one, many) { return n + "\u00a0" + (n > 1 ? many : one); };
  var quoted = function (text) { return "«\u00a0" + text + "\u00a0»"; };

  var load = function () {
    if (pagefind) return pagefind;
    var bundle = new URL(root.getAttribute("data-bundle"), location.href);
    // Pagefind's addresses start from the site's root: the bundle's parent.
    var base = new URL("..", bundle).pathname;
    pagefind = import(bundle.href + "pagefind.js").then(function (module) {
      var ranking = JSON.parse(root.getAttribute("data-classement") || "{}");
      return module.options({ baseUrl: base, excerptLength: 30, ranking: ranking }).then(function () {
        return module;
      });
    });
    return pagefind;
  };

  // --- No result: the closest term ------------------------------------------------------
  var terms = [];
  try {
    terms = JSON.parse(document.getElementById("oqrls-recherche-termes").textContent);
  } catch (error) { terms = []; }
  var bare = function (text) {
    return text.toLocaleLowerCase("fr").normalize("NFD").replace(/\p{M}/gu, "")
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  };
  var distance = function (a, b) {  // Levenshtein, on two short strings
    var row = [];
    for (var j = 0; j <= b.length; j++) row[j] = j;
    for (var i = 1; i <= a.length; i++) {
      var previous = row[0];
      row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var kept = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = kept;
      }
    }
    return row[b.length];
  };
  // A typo in a label, or in its beginning (« acessibilité » for « Accessibilité aux
  // services »): at most a letter in four wrong. Ties go to the first term.
  var closest = function (query) {
    var wanted = bare(query);
    if (wanted.length < 4) return null;
    var limit = Math.max(1, Math.floor(wanted.length / 4));
    var best = null;
    terms.forEach(function (term) {
      [term.label].concat(term.aliases || []).forEach(function (name) {
        var written = bare(name);
        var cost = distance(wanted, written);
        if (written.length > wanted.length) {
          cost = Math.min(cost, distance(wanted, written.slice(0, wanted.length)) + 1);
        }
        if (written.indexOf(wanted) >= 0) cost = Math.min(cost, 1);
        if (cost <= limit && (!best || cost < best.cost)) {
          best = { term: term, cost: cost };
        }
      });
    });
    return best && best.term;
  };
  // The closest term as a way into the catalogue, filtered by it.
  var proposal = function (query, question) {
    var term = closest(query);
    if (!term) return "";
    return '<p class="oqrls-recherche__proposition">' +
      (question ? "Cherchiez-vous le thème " : "Le thème ") +
      '<a href="' + escape(term.url) + '">' + escape(quoted(term.label)) + "</a> (" +
      escape(term.facet) + (question ? ")\u00a0? Ses récits sont dans le catalogue."
        : ")\u00a0: tous ses récits sont dans le catalogue.") + "</p>";
  };
  var nothing = function (query) {
    list.innerHTML = proposal(query, true) +
      "<p>Essayez un autre mot, plus court ou sans faute de frappe, ou parcourez le " +
      '<a href="' + escape(root.getAttribute("data-catalogue")) + '">catalogue des récits</a>.</p>';
  };

  // Pagefind takes the excerpt where the weighted matches are densest: the fiche's
  // sentences (recherche-fiche.html) win whenever they match. When the story's text has the
  // words too, the excerpt comes from the text (its densest stretch); otherwise Pagefind's
  // excerpt stays, and the fiche's sentence says why.
  var LENGTH = 30;  // words, as Pagefind's excerptLength
  var ficheWeight = Number(root.getAttribute("data-poids-fiche")) || 8;
  var textExcerpt = function (data, query) {
    var spots = (data.weighted_locations || []).filter(function (spot) {
      return spot.weight < ficheWeight;
    }).map(function (spot) { return spot.location; });
    if (!spots.length || !data.content) return null;
    var words = data.content.split(/[\r\n\s]+/g);  // as Pagefind counts locations
    // The text must have every word of the query that matters (four letters or more, by
    // its beginning): « partenariat » alone in the text does not say why a story was found
    // for « Mécanismes de partenariat », its fiche does.
    var found = spots.map(function (spot) { return bare(words[spot] || "").slice(0, 4); });
    var covered = bare(query).split(" ").every(function (typed) {
      return typed.length < 4 || found.indexOf(typed.slice(0, 4)) >= 0;
    });
    if (!covered) return null;
    var start = spots[0], most = 0;
    spots.forEach(function (spot) {
      var count = spots.filter(function (other) {
        return other >= spot && other < spot + LENGTH;
      }).length;
      if (count > most) { most = count; start = spot; }
    });
    start = Math.max(0, start - 5);  // a few words of context before
    return words.slice(start, start + LENGTH).map(function (word, i) {
      return spots.indexOf(start + i) >= 0 ? "<mark>" + escape(word) + "</mark>" : escape(word);
    }).join(" ");
  };

  // --- Results ------------------------------------------------------------------------
  var item = function (data, query) {
    var meta = data.meta || {};
    var details = [meta.type, meta.date, meta.region].filter(Boolean).map(escape);
    return '<li class="oqrls-trouve">' +
      '<h3 class="oqrls-trouve__titre"><a href="' + escape(data.url) + '">' +
      typeset(escape(meta.title || data.url)) + "</a></h3>" +
      (details.length ? '<p class="oqrls-trouve__meta">' + details.join(" · ") + "</p>" : "") +
      '<p class="oqrls-trouve__extrait">' + typeset(unmarkOthers(textExcerpt(data, query) || data.excerpt || "", query)) + "</p></li>";
  };
  var groupOf = function (data) {
    var type = (data.meta || {}).type;
    for (var g = 0; g < GROUPS.length; g++) if (GROUPS[g].type === type) return g;
    return GROUPS.length - 1;
  };
  var sections = function (query) {
    list.innerHTML = proposal(query, false) + GROUPS.map(function (group, g) {
      return '<section class="oqrls-recherche__groupe" data-groupe="' + g + '" hidden>' +
        '<h2 id="oqrls-recherche-groupe-' + g + '">' + escape(group.title) + "</h2>" +
        '<ol class="oqrls-recherche__liste" aria-labelledby="oqrls-recherche-groupe-' + g +
        '"></ol></section>';
    }).join("") + '<p class="oqrls-recherche__plus" hidden><button type="button" ' +
      'class="md-button">Afficher plus de résultats</button></p>';
  };
  var show = function (search, shown, number, query) {
    var next = search.results.slice(shown, shown + PAGE);
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (all) {
      if (number !== current) return;
      all.forEach(function (data) {
        var g = groupOf(data);
        var section = list.querySelector('[data-groupe="' + g + '"]');
        section.hidden = false;
        section.querySelector("ol").insertAdjacentHTML("beforeend", item(data, query));
      });
      var more = list.querySelector(".oqrls-recherche__plus");
      var total = shown + next.length;
      more.hidden = total >= search.results.length;
      more.querySelector("button").onclick = function () {
        show(search, total, number, query).then(function () {
          var first = list.querySelectorAll(".oqrls-trouve")[total];
          if (first) first.querySelector("a").focus();
        });
      };
    });
  };

  var run = function (query) {
    var number = ++current;
    query = query.trim();
    if (!query) {
      status.textContent = "";
      list.innerHTML = "";
      return Promise.resolve();
    }
    status.textContent = "Recherche en cours…";
    return load().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      if (number !== current) return;
      var n = search.results.length;
      status.textContent = (n ? plural(n, "résultat", "résultats") : "Aucun résultat") +
        " pour " + quoted(query);
      if (!n) return nothing(query);
      sections(query);
      return show(search, 0, number, query);
    }, function () {
      // No bundle: the preview server skips the index. Say so rather than show nothing.
      status.textContent = "";
      document.getElementById("oqrls-recherche-absente").hidden = false;
    });
  };

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(location.href);
    url.searchParams.set("q", box.value.trim());
    history.replaceState(null, "", url);
    run(box.value);
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    box.value = query;
    run(query);
  }
})();
