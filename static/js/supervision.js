// Supervision forms: a search box and click-to-toggle for the participants picker. Without script
// the list is a plain multiple select (Ctrl/⌘-click to choose several).
(function () {
  "use strict";

  function enhance(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.setAttribute("aria-label", select.getAttribute("data-search-label") || "");
    box.placeholder = select.getAttribute("data-search-label") || "";
    select.parentNode.insertBefore(box, select);

    // The deputies chosen so far, listed under the box: a long list hides most of them.
    var chosen = document.createElement("div");
    chosen.className = "small text-body-secondary mb-1";
    chosen.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(chosen, select);
    function showChosen() {
      var names = Array.prototype.filter
        .call(select.options, function (option) { return option.selected; })
        .map(function (option) { return option.text.split(" · ")[0]; });
      chosen.textContent = names.length ? "✓ " + names.join("、") : "";
    }
    select.addEventListener("change", showChosen);
    showChosen();

    box.addEventListener("input", function () {
      var needle = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (option) {
        var hay = (option.getAttribute("data-search") || option.text).toLowerCase();
        option.hidden = needle !== "" && hay.indexOf(needle) === -1 && !option.selected;
      });
    });

    // A click chooses or drops one deputy without losing the others already chosen.
    select.addEventListener("mousedown", function (event) {
      var option = event.target;
      if (option && option.tagName === "OPTION") {
        event.preventDefault();
        option.selected = !option.selected;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        select.focus();
      }
    });
  }

  document.querySelectorAll("select.js-picker").forEach(enhance);
})();
