// Results page: Pagefind's own interface, started with the query from the header's box.
(function () {
  "use strict";
  var element = document.getElementById("oqrls-recherche");
  if (!element || typeof PagefindUI === "undefined") return;
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
