// Small behaviours that templates switch on with data-* attributes instead of inline on*=
// handlers, which the Content-Security-Policy forbids (script-src 'self', no 'unsafe-inline').
//   data-confirm="Question?"   on a form (submit) or a submit button (click): asks first
//   data-autosubmit            on a select: submits its form when the choice changes
//   data-select-on-focus       on a read-only input: selects the text to copy
//   data-print                 on a button: prints the page
//   data-check-all="name"      on a checkbox: ticks every input[name=…] of its form (or page)
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm !== undefined && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) return;
    var button = target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (target.closest("[data-print]")) window.print();
    var field = target.closest("[data-select-on-focus]");
    if (field) field.select();
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) event.target.select();
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.matches) return;
    if (target.matches("select[data-autosubmit]") && target.form) {
      if (target.form.requestSubmit) target.form.requestSubmit();
      else target.form.submit();
    }
    if (target.matches("[data-check-all]")) {
      var scope = target.form || target.closest("form") || document;
      var name = target.dataset.checkAll;
      scope.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });
})();
