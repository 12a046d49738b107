// Meetings: the papers' print button, and the next free number offered when a new meeting's kind changes.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest(".js-print-papers") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });

  var data = document.getElementById("meeting-next-numbers");
  var kind = document.getElementById("id_kind");
  var number = document.getElementById("id_number");
  if (!data || !kind || !number) {
    return;
  }
  var numbers = JSON.parse(data.textContent || "{}");
  var suggested = number.value;
  kind.addEventListener("change", function () {
    // Only a number the user has not typed over is replaced.
    if (number.value === suggested && numbers[kind.value] !== undefined) {
      number.value = numbers[kind.value];
      suggested = number.value;
    }
  });
})();
