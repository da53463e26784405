// The rubric editor: a new criterion from the formset's empty form, and the level of each score
// shown only up to the criterion's maximum (a level already written stays, so its error shows).
(function () {
  "use strict";

  var editor = document.querySelector("[data-rubric-editor]");
  if (!editor) return;
  var list = editor.querySelector("[data-criteria]");
  var template = editor.querySelector("[data-criterion-template]");
  var total = editor.querySelector("input[name$='-TOTAL_FORMS']");
  var add = editor.querySelector("[data-add-criterion]");

  function levels(criterion) {
    var maxInput = criterion.querySelector("[data-max-score]");
    var top = parseInt(maxInput && maxInput.value, 10);
    criterion.querySelectorAll("[data-level-row]").forEach(function (row) {
      var input = row.querySelector("input");
      var score = parseInt(row.dataset.levelRow, 10);
      row.hidden = !isNaN(top) && score > top && !(input && input.value);
    });
  }

  list.querySelectorAll("[data-criterion]").forEach(levels);

  editor.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-max-score]")) {
      levels(event.target.closest("[data-criterion]"));
    }
  });

  if (add && template && total) {
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var criterion = holder.firstElementChild;
      list.appendChild(criterion);
      total.value = String(index + 1);
      levels(criterion);
      var title = criterion.querySelector("input[name$='-title']");
      if (title) title.focus();
    });
  }
})();
