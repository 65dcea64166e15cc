// The menu on phones and tablets opens from a real button: Tab reaches it, a screen reader hears whether it is
// expanded, focus goes into the open menu and stays there, and Escape, the button or the shade closes it and
// gives focus back to the button. The theme's drawer (a checkbox and CSS) still draws it.
(function () {
  "use strict";
  var drawer = document.getElementById("__drawer");
  var button = document.querySelector(".nw-menu-button");
  var menu = document.getElementById("nw-menu");
  if (!drawer || !button || !menu) return;

  function reachable() {
    var found = menu.querySelectorAll("a[href], button, input, select, textarea, [tabindex]");
    return Array.prototype.filter.call(found, function (element) {
      return element.tabIndex >= 0 && !element.disabled && element.getClientRects().length > 0;
    });
  }

  function show(open, backToButton) {
    drawer.checked = open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      // The drawer is drawn visible by the checkbox's CSS: focus moves once it can take it.
      window.requestAnimationFrame(function () {
        var first = reachable()[0];
        if (first) first.focus();
      });
    } else if (backToButton) {
      button.focus();
    }
  }

  button.addEventListener("click", function () { show(!drawer.checked, true); });
  // The shade beside the open menu is a label for the checkbox: closing there closes it too.
  drawer.addEventListener("change", function () { show(drawer.checked, !drawer.checked); });
  document.addEventListener("keydown", function (event) {
    if (!drawer.checked) return;
    if (event.key === "Escape") {
      event.preventDefault();
      show(false, true);
      return;
    }
    if (event.key !== "Tab") return;
    var items = reachable();
    if (items.length === 0) return;
    var first = items[0], last = items[items.length - 1];
    var inside = menu.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  });
  // Wide enough for the tabs, the drawer is gone: an open one must not keep focus captive.
  window.matchMedia("(min-width: 76.25em)").addEventListener("change", function (query) {
    if (query.matches && drawer.checked) show(false, false);
  });
})();
