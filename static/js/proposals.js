// Small enhancements of the suggestion pages; each one leaves the page working without script.
(function () {
  "use strict";

  // A "tick all" checkbox ticks every checkbox of the same form named by its data-name.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches("input.js-check-all") || !target.form) {
      return;
    }
    var name = target.getAttribute("data-name");
    target.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
      box.checked = target.checked;
    });
  });
})();

// A link to #action-<name> opens that folded action form on the suggestion page.
(function () {
  "use strict";

  function openFromHash() {
    var id = window.location.hash.slice(1);
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }

  window.addEventListener("hashchange", openFromHash);
  document.addEventListener("DOMContentLoaded", openFromHash);
})();
