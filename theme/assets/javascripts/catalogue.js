// The catalogue's filters (theme/catalogue.html): OR within a facet, AND across facets,
// counts that follow the selection, the active filters as removable chips, and the
// selection kept in the URL query so that a filtered view can be shared. Each story's terms
// come as positions in the panel's lists (generator/outputs/catalogue.py), not as attributes.
(function () {
  "use strict";
  var root = document.getElementById("oqrls-catalogue");
  var form = document.getElementById("oqrls-filtres");
  var list = document.getElementById("oqrls-liste");
  var status = document.getElementById("oqrls-resultat");
  var data = document.getElementById("oqrls-catalogue-donnees");
  if (!root || !form || !list || !status || !data) return;

  var opener = document.getElementById("oqrls-ouvrir");
  var openerCount = document.getElementById("oqrls-nombre-filtres");
  var show = document.getElementById("oqrls-voir");
  var active = document.getElementById("oqrls-actifs");
  var chips = document.getElementById("oqrls-actifs-liste");
  var none = document.getElementById("oqrls-aucun");
  var removeLast = document.getElementById("oqrls-retirer-dernier");

  var items = Array.prototype.slice.call(list.children);
  var stories = JSON.parse(data.textContent);
  var groups = Array.prototype.map.call(form.querySelectorAll("fieldset[data-facette]"), function (set) {
    var boxes = Array.prototype.slice.call(set.querySelectorAll("input[type=checkbox]"));
    return {
      key: set.getAttribute("data-facette"),
      label: set.querySelector("legend").textContent,
      details: set.closest("details"),
      ticked: set.closest("details").querySelector(".oqrls-filtre__coches"),
      boxes: boxes,
      counts: boxes.map(function (box) {
        var count = box.parentNode.querySelector(".oqrls-choix__compte");
        return { number: count.firstChild, unit: count.lastChild };
      })
    };
  });
  var order = []; // "group:position" of each ticked box, oldest first: « remove the last one »

  // Writes only what changes: on arrival nothing does, and the page is not laid out again.
  function setText(node, text) {
    if (node.textContent !== String(text)) node.textContent = text;
  }

  function setHidden(element, hidden) {
    if (element.hidden !== hidden) element.hidden = hidden;
  }

  function plural(count, one, many) {
    return count + " " + (count > 1 ? many : one);
  }

  function chosen() {
    return groups.map(function (group) {
      return group.boxes.map(function (box) { return box.checked; });
    });
  }

  // How many groups a story fails, and which one when it fails exactly one: a story that
  // passes every other group counts for its terms of that group.
  function failures(story, ticked, anyTicked) {
    var failed = -1;
    for (var g = 0; g < groups.length; g++) {
      if (!anyTicked[g]) continue;
      var positions = story[g];
      var ok = false;
      for (var i = 0; i < positions.length; i++) {
        if (ticked[g][positions[i]]) { ok = true; break; }
      }
      if (!ok) {
        if (failed >= 0) return -2;
        failed = g;
      }
    }
    return failed;
  }

  function update(writeUrl) {
    var ticked = chosen();
    var anyTicked = ticked.map(function (row) { return row.indexOf(true) >= 0; });
    var counts = groups.map(function (group) { return group.boxes.map(function () { return 0; }); });
    var shown = 0;
    for (var s = 0; s < items.length; s++) {
      var story = stories[s] || [];
      var failed = failures(story, ticked, anyTicked);
      setHidden(items[s], failed !== -1);
      if (failed === -1) shown += 1;
      for (var g = 0; g < groups.length; g++) {
        if (failed === -1 || failed === g) {
          var positions = story[g] || [];
          for (var i = 0; i < positions.length; i++) counts[g][positions[i]] += 1;
        }
      }
    }
    var filters = 0;
    groups.forEach(function (group, g) {
      var inGroup = 0;
      group.boxes.forEach(function (box, b) {
        var count = counts[g][b];
        setText(group.counts[b].number, count);
        setText(group.counts[b].unit, count > 1 ? " récits" : " récit");
        box.parentNode.classList.toggle("oqrls-choix--vide", count === 0 && !box.checked);
        if (box.checked) inGroup += 1;
      });
      setText(group.ticked, inGroup ? " · " + plural(inGroup, "choix", "choix") : "");
      filters += inGroup;
    });
    var total = items.length;
    if (!filters) setText(status, plural(total, "récit", "récits"));
    else if (!shown) setText(status, "Aucun récit sur " + total + " ne correspond aux filtres");
    else setText(status, plural(shown, "récit", "récits") + " sur " + total + " correspond" + (shown > 1 ? "ent" : "") + " aux filtres");
    if (show) setText(show, shown ? "Voir " + plural(shown, "récit", "récits") : "Aucun récit : modifiez les filtres");
    if (openerCount) setText(openerCount, filters ? " (" + plural(filters, "actif", "actifs") + ")" : "");
    if (filters || chips.children.length) drawChips();
    setHidden(none, !(filters && shown === 0));
    if (!none.hidden) {
      var last = lastBox();
      setText(removeLast, "Retirer le dernier filtre : « " + last.parentNode.querySelector(".oqrls-choix__nom").textContent + " »");
    }
    if (writeUrl) {
      var query = [];
      groups.forEach(function (group) {
        var ids = group.boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
        if (ids.length) query.push(encodeURIComponent(group.key) + "=" + ids.map(encodeURIComponent).join(","));
      });
      history.replaceState(null, "", location.pathname + (query.length ? "?" + query.join("&") : "") + location.hash);
    }
  }

  function boxAt(entry) {
    var parts = entry.split(":");
    return groups[+parts[0]].boxes[+parts[1]];
  }

  function lastBox() {
    if (order.length) return boxAt(order[order.length - 1]);
    var ticked = form.querySelectorAll("input[type=checkbox]:checked");
    return ticked[ticked.length - 1];
  }

  function drawChips() {
    chips.textContent = "";
    groups.forEach(function (group, g) {
      var boxes = group.boxes.filter(function (box) { return box.checked; });
      if (!boxes.length) return;
      var item = document.createElement("li");
      var name = document.createElement("span");
      name.className = "oqrls-actifs__facette";
      name.textContent = group.label + " :";
      item.appendChild(name);
      boxes.forEach(function (box) {
        var chip = document.createElement("button");
        chip.type = "button";
        chip.className = "oqrls-puce-filtre";
        chip.setAttribute("data-filtre", g + ":" + group.boxes.indexOf(box));
        var hidden = document.createElement("span");
        hidden.className = "oqrls-invisible";
        hidden.textContent = "Retirer le filtre ";
        var label = document.createElement("span");
        label.textContent = box.parentNode.querySelector(".oqrls-choix__nom").textContent;
        var cross = document.createElement("span");
        cross.setAttribute("aria-hidden", "true");
        cross.className = "oqrls-puce-filtre__croix";
        cross.textContent = "×";
        chip.appendChild(hidden);
        chip.appendChild(label);
        chip.appendChild(cross);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(chip);
      });
      chips.appendChild(item);
    });
    setHidden(active, !chips.children.length);
  }

  function untick(box) {
    box.checked = false;
    forget(box);
    update(true);
  }

  function remember(box) {
    var entry = key(box);
    forget(box);
    order.push(entry);
  }

  function forget(box) {
    var entry = key(box);
    order = order.filter(function (other) { return other !== entry; });
  }

  function key(box) {
    for (var g = 0; g < groups.length; g++) {
      var b = groups[g].boxes.indexOf(box);
      if (b >= 0) return g + ":" + b;
    }
    return "";
  }

  function fromUrl() {
    var query = new URLSearchParams(location.search);
    order = [];
    groups.forEach(function (group, g) {
      var wanted = (query.get(group.key) || "").split(",");
      group.boxes.forEach(function (box, b) {
        box.checked = wanted.indexOf(box.value) >= 0;
        if (box.checked) order.push(g + ":" + b);
      });
      // A shared view shows what it filters on, even in a group folded by default.
      if (group.boxes.some(function (box) { return box.checked; })) group.details.open = true;
    });
  }

  function setOpen(open) {
    root.classList.toggle("oqrls-catalogue--ouvert", open);
    opener.setAttribute("aria-expanded", open ? "true" : "false");
  }

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox") return;
    if (box.checked) remember(box); else forget(box);
    update(true);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    order = [];
    // The form clears its boxes after this event.
    setTimeout(function () { update(true); }, 0);
  });
  chips.addEventListener("click", function (event) {
    var chip = event.target.closest("button[data-filtre]");
    if (!chip) return;
    var position = Array.prototype.indexOf.call(chips.querySelectorAll("button"), chip);
    untick(boxAt(chip.getAttribute("data-filtre")));
    // Keep the keyboard where it was: the next chip, or the result count.
    var rest = chips.querySelectorAll("button");
    (rest[Math.min(position, rest.length - 1)] || status).focus();
  });
  removeLast.addEventListener("click", function () {
    var last = lastBox();
    if (last) untick(last);
    status.focus();
  });
  if (opener) {
    opener.addEventListener("click", function () {
      setOpen(opener.getAttribute("aria-expanded") !== "true");
    });
    // Escape folds the phone's panel back and returns to its button.
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || opener.getAttribute("aria-expanded") !== "true") return;
      setOpen(false);
      opener.focus();
    });
  }
  if (show) {
    show.addEventListener("click", function () {
      setOpen(false);
      status.focus();
      status.scrollIntoView({ block: "start" });
    });
  }

  fromUrl();
  update(false);
  root.classList.remove("oqrls-catalogue--attente");
})();
