// Results page: Pagefind's own interface, started with the query from the header's box.
// Each result says what it is, when and where (« Récit · 11 mai 2011 · Outaouais »), from
// the page's Pagefind metadata (data-pagefind-meta), above an excerpt of its text.
(function () {
  "use strict";
  var element = document.getElementById("oqrls-recherche");
  if (!element) return;
  if (typeof PagefindUI === "undefined") {
    // No index was built (the preview server skips it): say so rather than show nothing.
    var absent = document.getElementById("oqrls-recherche-absente");
    if (absent) absent.hidden = false;
    return;
  }
  var escape = function (text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  };
  // A word found on nearly every page keeps only its first places in the index (see
  // generator/outputs/search.py): its other occurrences in the excerpt are marked here, as Pagefind
  // marks the ones it knows (the whole word, with its punctuation).
  var bare = function (word) {
    return word.toLocaleLowerCase("fr").replace(/[^\p{L}\p{N}]+/gu, "");
  };
  var markAll = function (excerpt) {
    var marked = {};
    excerpt.replace(/<mark>([^<]*)<\/mark>/g, function (_, word) {
      if (bare(word)) marked[bare(word)] = true;
      return "";
    });
    return excerpt
      .split(/(<mark>[^<]*<\/mark>|\s+)/)
      .map(function (token) {
        if (!token || token.charAt(0) === "<" || !marked[bare(token)]) return token;
        return "<mark>" + token + "</mark>";
      })
      .join("");
  };
  // Pagefind reads the pages with straight apostrophes (see generator/outputs/search.py): shown
  // typographic again, as on the pages.
  var typeset = function (text) {
    return text.replace(/(\p{L})(?:'|&#39;|&#x27;|&apos;)/gu, "$1\u2019");
  };
  var describe = function (result) {
    result.excerpt = typeset(markAll(result.excerpt || ""));
    var meta = result.meta || {};
    var details = [meta.date, meta.region].filter(Boolean).map(escape);
    if (meta.type) details.unshift('<span class="oqrls-resultat-meta__type">' + escape(meta.type) + "</span>");
    if (details.length) {
      result.excerpt =
        '<span class="oqrls-resultat-meta">' + details.join(" · ") + "</span>" + result.excerpt;
    }
    // Shown in that line, not again as Pagefind's « Type: Récit » tags.
    result.meta = { title: typeset(meta.title || "") };
    return result;
  };
  var ui = new PagefindUI({
    element: "#oqrls-recherche",
    bundlePath: element.getAttribute("data-bundle"),
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    processResult: describe,
    translations: { clear_search: "Effacer" }
  });
  var query = new URLSearchParams(location.search).get("q");
  var header = document.getElementById("oqrls-q");
  if (query) {
    ui.triggerSearch(query);
    if (header) header.value = query;
  }
})();
