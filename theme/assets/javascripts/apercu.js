// The preview only (mkdocs serve): the banner of the files with problems, as of the last
// build. It is a file of its own (problemes/bandeau.html, from the theme's template), so that
// an edit that changes the count does not render every page again; the live reload reloads
// the page after each build, and this fetches it again.
(function () {
  "use strict";
  var place = document.querySelector("[data-oqrls-bandeau]");
  if (!place || !window.fetch) return;
  fetch(place.getAttribute("data-oqrls-bandeau"), { cache: "no-store" })
    .then(function (response) {
      return response.ok ? response.text() : "";
    })
    .then(function (html) {
      // Our own template's output, from this server: the banner's text and its link.
      place.innerHTML = html;
      place.hidden = !html.trim();
    })
    .catch(function () {});
})();
