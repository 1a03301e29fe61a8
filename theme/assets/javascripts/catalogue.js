// Catalogue filters: OR within a facet, AND across facets, counts that follow the
// selection, and the selection kept in the URL query so a filtered view can be shared.
(function () {
  "use strict";
  var form = document.getElementById("oqrls-filtres");
  var list = document.getElementById("oqrls-catalogue");
  var status = document.getElementById("oqrls-resultat");
  if (!form || !list || !status) return;

  var items = Array.prototype.slice.call(list.children);
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var facets = [];
  boxes.forEach(function (box) {
    if (facets.indexOf(box.name) < 0) facets.push(box.name);
  });
  var attribute = function (facet) { return "data-" + facet.replace(/_/g, "-"); };
  var terms = items.map(function (item) {
    var byFacet = {};
    facets.forEach(function (facet) {
      byFacet[facet] = (item.getAttribute(attribute(facet)) || "").split(" ").filter(Boolean);
    });
    return byFacet;
  });

  function selection() {
    var chosen = {};
    boxes.forEach(function (box) {
      if (box.checked) (chosen[box.name] = chosen[box.name] || []).push(box.value);
    });
    return chosen;
  }

  function matches(index, chosen, exceptFacet) {
    return facets.every(function (facet) {
      if (facet === exceptFacet || !chosen[facet]) return true;
      return chosen[facet].some(function (id) { return terms[index][facet].indexOf(id) >= 0; });
    });
  }

  function plural(count) {
    return count + (count > 1 ? " récits" : " récit");
  }

  function update(pushState) {
    var chosen = selection();
    var shown = 0;
    items.forEach(function (item, index) {
      var visible = matches(index, chosen, null);
      item.hidden = !visible;
      if (visible) shown += 1;
    });
    // Each term's count: the stories it would show, given the other facets' choices.
    boxes.forEach(function (box) {
      var count = 0;
      items.forEach(function (item, index) {
        if (matches(index, chosen, box.name) && terms[index][box.name].indexOf(box.value) >= 0) count += 1;
      });
      var label = form.querySelector('[data-compte-pour="' + box.name + "=" + box.value + '"]');
      if (label) label.textContent = "(" + count + ")";
      box.setAttribute("aria-label", box.parentNode.querySelector("span").textContent + ", " + plural(count));
    });
    var filters = Object.keys(chosen).length;
    status.textContent = filters
      ? plural(shown) + " sur " + items.length + " correspond" + (shown > 1 ? "ent" : "") + " aux filtres"
      : plural(items.length);
    if (pushState) {
      var query = new URLSearchParams();
      Object.keys(chosen).forEach(function (facet) { query.set(facet, chosen[facet].join(",")); });
      var search = query.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }
  }

  function fromUrl() {
    var query = new URLSearchParams(location.search);
    boxes.forEach(function (box) {
      var wanted = (query.get(box.name) || "").split(",");
      box.checked = wanted.indexOf(box.value) >= 0;
      // A shared view must show what it filters on, even in a facet closed by default.
      if (box.checked) box.closest("details").open = true;
    });
  }

  form.hidden = false;
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("reset", function () {
    setTimeout(function () { update(true); }, 0);
  });
  fromUrl();
  update(false);
})();
