// Results page: Pagefind's own interface, started with the query from the header's box.
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
  var ui = new PagefindUI({
    element: "#oqrls-recherche",
    bundlePath: element.getAttribute("data-bundle"),
    showSubResults: true,
    showImages: false,
    resetStyles: false
  });
  var query = new URLSearchParams(location.search).get("q");
  var header = document.getElementById("oqrls-q");
  if (query) {
    ui.triggerSearch(query);
    if (header) header.value = query;
  }
})();
