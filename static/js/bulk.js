// Bulk selection on the candidate list and the board: "select all" ticks every row on the page,
// and the bar says how many are selected. The form itself works without this script.
(function () {
  "use strict";
  const form = document.querySelector("[data-bulk]");
  if (!form) return;
  const boxes = function () {
    return Array.from(document.querySelectorAll("input[data-select]"));
  };
  const selectAll = document.querySelector("[data-select-all]");
  const counter = form.querySelector("[data-bulk-count]");

  function refresh() {
    const all = boxes();
    const ticked = all.filter(function (box) { return box.checked; }).length;
    counter.textContent = ticked === 0 ? "No candidates selected"
      : ticked === 1 ? "1 candidate selected" : ticked + " candidates selected";
    form.classList.toggle("has-selection", ticked > 0);
    if (selectAll) {
      selectAll.checked = ticked > 0 && ticked === all.length;
      selectAll.indeterminate = ticked > 0 && ticked < all.length;
    }
  }

  if (selectAll) {
    selectAll.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = selectAll.checked; });
      refresh();
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("input[data-select]")) refresh();
  });
  // "Select all" ticked before this script ran (a slow connection): tick the rows it stands for, as
  // the change would have, instead of un-ticking it.
  if (selectAll && selectAll.checked) {
    boxes().forEach(function (box) { box.checked = true; });
  }
  refresh();
})();
