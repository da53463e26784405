// Shows the repeat fields only when «repeat» is ticked and the link field only for «link» meetings.
(function () {
  function sync() {
    var repeat = document.getElementById("id_repeat");
    var repeatFields = document.getElementById("repeat-fields");
    if (repeat && repeatFields) repeatFields.hidden = !repeat.checked;
    var provider = document.getElementById("id_provider");
    var link = document.getElementById("meeting-url-field");
    if (provider && link) link.hidden = provider.value !== "link";
  }
  document.addEventListener("change", sync);
  sync();
})();
