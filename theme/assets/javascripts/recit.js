// Story page, progressive enhancement: the fiche opens beside the text on a wide screen
// (closed on a phone, so that the story starts in the first screen) and for printing; the
// citation is copied with one click (without JavaScript, its text is still selectable).
(function () {
  "use strict";
  var fiche = document.getElementById("oqrls-fiche");
  if (fiche && window.matchMedia) {
    // Paper is narrower than a wide screen: without the print query, the width change
    // that printing brings would close the fiche again just after « beforeprint ».
    var wide = window.matchMedia("(min-width: 76.25em)");
    var print = window.matchMedia("print");
    var follow = function () {
      fiche.open = wide.matches || print.matches;
    };
    follow();
    if (wide.addEventListener) {
      wide.addEventListener("change", follow);
      print.addEventListener("change", follow);
    }
    window.addEventListener("beforeprint", function () {
      fiche.open = true;
    });
  }

  var button = document.querySelector("[data-oqrls-copier]");
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-oqrls-copier"));
  var status = button.parentNode.querySelector("[role=status]");
  if (!source || !status) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var text = source.textContent.replace(/[ \t\r\n]+/g, " ").trim();
    var copied = function () {
      status.textContent = "Citation copiée.";
    };
    var selected = function () {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = "Citation sélectionnée : copiez-la avec Ctrl+C (⌘+C sur Mac).";
    };
    status.textContent = "";
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(copied, selected);
    } else {
      selected();
    }
  });
})();
