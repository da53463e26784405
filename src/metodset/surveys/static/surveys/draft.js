// Keep the answers of the page as a draft on the server while the person fills it in: a moment
// after each change, every 30 seconds while something is unsaved, and when the page is hidden
// or closed. Moving between pages saves on the server anyway; this keeps the page in between.
(function () {
  const form = document.querySelector("form[data-draft-url]");
  if (!form) return;
  const status = document.getElementById("draft-status");
  const lang = document.documentElement.lang || undefined;
  let dirty = false;
  let sending = false;
  let timer = null;

  function show(text) {
    if (status) status.textContent = text;
  }

  function save(leaving) {
    clearTimeout(timer);
    if (!dirty || (sending && !leaving)) return;
    dirty = false;
    sending = true;
    fetch(form.dataset.draftUrl, {
      method: "POST",
      body: new FormData(form), // carries csrfmiddlewaretoken and the page number
      credentials: "same-origin",
      keepalive: Boolean(leaving),
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        const time = new Date().toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
        show(status.dataset.saved + " · " + time);
        if (dirty) timer = setTimeout(save, 800); // changed while this was on its way
      })
      .catch(function () {
        dirty = true;
        show(status.dataset.failed);
      })
      .finally(function () {
        sending = false;
      });
  }

  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  form.addEventListener("submit", function () {
    dirty = false; // the form itself carries the answers now
    clearTimeout(timer);
  });
  setInterval(save, 30000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save(true);
  });
  window.addEventListener("pagehide", function () {
    save(true);
  });
})();
