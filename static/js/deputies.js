// Small enhancements of the deputies pages; each one leaves the page working without script.
(function () {
  "use strict";

  // A header checkbox with class js-check-all ticks or clears every checkbox named by data-target.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches("input.js-check-all")) {
      return;
    }
    var form = target.form || document;
    var name = target.getAttribute("data-target");
    form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
      box.checked = target.checked;
    });
  });
})();
