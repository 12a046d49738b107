// Small enhancements of the suggestion filing pages; each one leaves the page working without script.
(function () {
  "use strict";

  // Textareas with class js-char-count show how many characters they hold in [data-counts="<id>"].
  function count(area) {
    var counter = document.querySelector('[data-counts="' + area.id + '"]');
    if (counter) {
      counter.textContent = String(area.value.length);
    }
  }

  // A search box (input.js-filter, data-target = a list's id) narrows the list's tick boxes to the
  // items whose data-search holds the words typed. With nothing typed, a list with data-home shows
  // the deputies of that township and those already ticked; without it, every item.
  function filter(input) {
    var list = document.getElementById(input.getAttribute("data-target"));
    if (!list) {
      return;
    }
    var query = input.value.trim().toLowerCase();
    var home = list.getAttribute("data-home") || "";
    var shown = 0;
    list.querySelectorAll("[data-search]").forEach(function (item) {
      var box = item.querySelector('input[type="checkbox"]');
      var match;
      if (query) {
        match = item.getAttribute("data-search").toLowerCase().indexOf(query) !== -1;
      } else {
        match = !home || item.getAttribute("data-township") === home || (box && box.checked);
      }
      item.classList.toggle("d-none", !match);
      if (match) {
        shown += 1;
      }
    });
    var empty = document.querySelector('[data-empty-for="' + list.id + '"]');
    if (empty) {
      empty.classList.toggle("d-none", shown > 0 || !query);
    }
  }

  function ticked(list) {
    var badge = document.querySelector('[data-checked-for="' + list.id + '"]');
    if (badge) {
      badge.textContent = String(list.querySelectorAll('input[type="checkbox"]:checked').length);
    }
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target.matches) {
      return;
    }
    if (target.matches("textarea.js-char-count")) {
      count(target);
    } else if (target.matches("input.js-filter")) {
      filter(target);
    }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    var list = target.closest ? target.closest("[data-home]") : null;
    if (list && target.matches('input[type="checkbox"]')) {
      ticked(list);
    }
  });

  // Enter in a search box narrows the list; it must not send the form around it.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("input.js-filter")) {
      event.preventDefault();
    }
  });

  document.querySelectorAll("textarea.js-char-count").forEach(count);
  document.querySelectorAll("input.js-filter").forEach(filter);
})();
