/* Filters of the verdicts page: by lesson, verdict and article. No network. */
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector(".verdict-filters");
  if (!form) return;
  var selects = form.querySelectorAll("select[data-filter]");
  var rows = document.querySelectorAll(".verdict-table tbody tr");
  var count = form.querySelector(".verdict-count");
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = true;
      selects.forEach(function (s) {
        if (s.value && row.dataset[s.dataset.filter] !== s.value) ok = false;
      });
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown + " of " + rows.length + " claims shown";
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
});
