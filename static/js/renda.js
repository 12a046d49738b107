// Small enhancements shared by every page; each one leaves the page working without script.
(function () {
  "use strict";

  // Selects marked js-autosubmit submit their form when changed (the language switcher).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select.js-autosubmit") && target.form) {
      target.form.submit();
    }
  });

  // Buttons and links with data-confirm ask before going on.
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // Print buttons.
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest(".js-print") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });
})();
