// Faceted search of the Repository of Practices, without a framework.
// The page works without this script (facet links lead to static pages); with it, facets
// become combinable checkboxes, counts follow the selection, and the URL keeps the filters.
(function () {
  "use strict";
  var root = document.querySelector("[data-nw-repository]");
  if (!root) return;
  var cards = Array.prototype.slice.call(root.querySelectorAll(".nw-practices > .nw-card"));
  var list = root.querySelector(".nw-practices");
  var status = root.querySelector(".nw-results-count");
  // The page's own words and digits (generator/strings/<language>.yml, practices_script).
  var words = JSON.parse(root.getAttribute("data-words") || "{}");
  var digits = new Intl.NumberFormat(root.getAttribute("data-locale") || "en-GB", { useGrouping: false });
  function say(key, count) {
    return (words[key] || key).replace("{count}", count === undefined ? "" : digits.format(count));
  }
  var controls = root.querySelector(".nw-controls");
  var query = root.querySelector("#nw-practice-query");
  var sort = root.querySelector("#nw-practice-sort");
  var facets = Array.prototype.map.call(root.querySelectorAll(".nw-facet"), function (el) {
    return el.getAttribute("data-facet");
  });
  var selected = {};

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    facets.forEach(function (facet) { selected[facet] = params.getAll(facet); });
    query.value = params.get("q") || "";
    sort.value = params.get("sort") === "title" ? "title" : "date";
  }

  function writeUrl() {
    var params = new URLSearchParams();
    facets.forEach(function (facet) { selected[facet].forEach(function (key) { params.append(facet, key); }); });
    if (query.value.trim()) params.set("q", query.value.trim());
    if (sort.value !== "date") params.set("sort", sort.value);
    var search = params.toString();
    history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  function matches(card, skipFacet) {
    var words = query.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var text = card.getAttribute("data-text");
    for (var i = 0; i < words.length; i++) if (text.indexOf(words[i]) === -1) return false;
    return facets.every(function (facet) {
      if (facet === skipFacet || selected[facet].length === 0) return true;
      var keys = (card.getAttribute("data-" + facet) || "").split(" ");
      // Within one facet any chosen value will do; across facets all must hold.
      return selected[facet].some(function (key) { return keys.indexOf(key) !== -1; });
    });
  }

  function update() {
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, null);
      card.hidden = !ok;
      if (ok) shown++;
    });
    // An empty list alone reads as a broken page; say why it is empty and how to widen it.
    status.textContent = shown === 0 ? say("none") : say(shown === 1 ? "one" : "many", shown);
    root.querySelectorAll(".nw-count").forEach(function (count) {
      var facet = count.getAttribute("data-facet"), key = count.getAttribute("data-key");
      var n = cards.filter(function (card) {
        return matches(card, facet) && (card.getAttribute("data-" + facet) || "").split(" ").indexOf(key) !== -1;
      }).length;
      count.textContent = "(" + digits.format(n) + ")";
    });
    var sorted = cards.slice().sort(function (a, b) {
      if (sort.value === "title") return a.getAttribute("data-title").localeCompare(b.getAttribute("data-title"));
      return b.getAttribute("data-date").localeCompare(a.getAttribute("data-date"));
    });
    sorted.forEach(function (card) { list.appendChild(card); });
    writeUrl();
  }

  readUrl();
  // Each facet link becomes a checkbox with the same label; the count stays beside it.
  root.querySelectorAll(".nw-facet-link").forEach(function (link) {
    var facet = link.getAttribute("data-facet"), key = link.getAttribute("data-key");
    var id = "nw-" + facet + "-" + key;
    var box = document.createElement("input");
    box.type = "checkbox"; box.id = id; box.name = facet; box.value = key;
    box.checked = selected[facet].indexOf(key) !== -1;
    var label = document.createElement("label");
    label.htmlFor = id; label.textContent = link.textContent;
    if (link.lang) label.lang = link.lang;
    box.addEventListener("change", function () {
      var keys = selected[facet];
      if (box.checked) keys.push(key); else keys.splice(keys.indexOf(key), 1);
      update();
    });
    link.replaceWith(box, " ", label);
  });
  controls.hidden = false;
  query.addEventListener("input", update);
  sort.addEventListener("change", update);
  root.querySelector("[data-nw-clear]").addEventListener("click", function () {
    facets.forEach(function (facet) { selected[facet] = []; });
    root.querySelectorAll(".nw-facet input").forEach(function (box) { box.checked = false; });
    query.value = "";
    update();
  });
  // On a phone the thirty-odd facet values would push the practices a few screens down: the page
  // arrives with them folded under one "Filters" toggle (so nothing moves once it is shown), opened
  // here when the address already holds filters. Beside the results on a wide screen they are open.
  var fold = root.querySelector("[data-nw-fold]");
  if (fold) {
    fold.open = !window.matchMedia("(max-width: 59.9375em)").matches ||
      facets.some(function (facet) { return selected[facet].length > 0; });
  }
  update();
})();
