// The observer's protocol on a phone, kept even if the connection drops. An entry goes first to
// this browser's storage with a key made here, shows at once in the list, and is sent; what the
// server has not confirmed stays stored («не отправлено (N)») and is sent again when the
// connection returns or the page is opened again. The server stores one entry per key, so an
// entry sent twice is stored once. Without this script the form posts as any form does.
(function () {
  const form = document.getElementById("observe-form");
  if (!form || !window.localStorage || !window.fetch) return;
  const list = document.getElementById("observe-entries");
  const empty = document.getElementById("observe-empty");
  const pending = document.getElementById("observe-pending");
  const storageKey = form.dataset.queue;
  const child = form.dataset.child;
  const minuteInput = form.elements.namedItem("minute");
  const textInput = form.elements.namedItem("text");
  const token = form.elements.namedItem("csrfmiddlewaretoken").value;
  let sending = false;
  let retry = null;
  let minuteTouched = false;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || "[]");
    } catch (error) {
      return [];
    }
  }

  function store(queue) {
    if (queue.length) localStorage.setItem(storageKey, JSON.stringify(queue));
    else localStorage.removeItem(storageKey);
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function showCount() {
    const count = load().length;
    pending.hidden = count === 0;
    pending.textContent = pending.dataset.label + " (" + count + ")";
  }

  function itemFor(key) {
    return list.querySelector('[data-key="' + key + '"]');
  }

  function showPending(entry) {
    if (entry.child !== child || itemFor(entry.key)) return;
    const item = document.createElement("li");
    item.className = "list-group-item list-group-item-warning";
    item.dataset.key = entry.key;
    item.setAttribute("data-testid", "observe-entry");
    const meta = document.createElement("div");
    meta.className = "small text-body-secondary";
    const minute = entry.minute ? form.dataset.minuteLabel.replace("{m}", entry.minute) : "";
    meta.textContent = [minute, entry.stageTitle].filter(Boolean).join(" · ");
    const text = document.createElement("div");
    text.className = "text-break";
    text.textContent = entry.text;
    const badge = document.createElement("span");
    badge.className = "badge text-bg-warning";
    badge.textContent = entry.failed ? form.dataset.errorLabel : pending.dataset.label;
    item.append(meta, text, badge);
    list.append(item);
    empty.hidden = true;
  }

  function confirmed(key, html) {
    const item = itemFor(key);
    const template = document.createElement("template");
    template.innerHTML = html.trim(); // rendered and escaped by the server
    if (item) item.replaceWith(template.content);
    else list.append(template.content);
  }

  function body(entry) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", token);
    data.append("case_child", entry.child);
    data.append("stage", entry.stage);
    data.append("minute", entry.minute);
    data.append("text", entry.text);
    data.append("client_key", entry.key);
    return data;
  }

  function later() {
    clearTimeout(retry);
    retry = setTimeout(flush, 5000);
  }

  async function flush() {
    if (sending) return;
    sending = true;
    try {
      for (const entry of load().filter((e) => !e.failed)) {
        const response = await fetch(form.action, {
          method: "POST",
          body: body(entry),
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": token },
        });
        if (response.status >= 500) throw new Error(String(response.status));
        const queue = load();
        const stored = queue.find((e) => e.key === entry.key);
        if (response.ok) {
          const data = await response.json();
          store(queue.filter((e) => e.key !== entry.key));
          if (entry.child === child) confirmed(entry.key, data.html);
        } else if (stored) {
          stored.failed = true; // refused (the observation is over): kept to be copied
          store(queue);
          const item = itemFor(entry.key);
          if (item) item.querySelector(".badge").textContent = form.dataset.errorLabel;
        }
        showCount();
      }
    } catch (error) {
      sending = false;
      showCount();
      later(); // no connection: the entries stay stored
      return;
    }
    sending = false;
    showCount();
    // Entries added while these were on their way go now, not at the next retry.
    if (load().some((e) => !e.failed)) flush();
  }

  function currentMinute() {
    const starts = form.dataset.startsAt;
    if (!starts || minuteTouched) return;
    const minutes = Math.floor((Date.now() - new Date(starts).getTime()) / 60000);
    if (minutes >= 0 && minutes <= 240) minuteInput.value = String(minutes);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = textInput.value.trim();
    if (!text) {
      textInput.focus();
      return;
    }
    const stage = form.querySelector('input[name="stage"]:checked');
    const label = stage ? form.querySelector('label[for="' + stage.id + '"]') : null;
    const entry = {
      key: newKey(),
      child: child,
      stage: stage ? stage.value : "",
      stageTitle: label ? label.textContent : "",
      minute: minuteInput.value,
      text: text,
    };
    const queue = load();
    queue.push(entry);
    store(queue);
    showPending(entry);
    showCount();
    textInput.value = "";
    minuteTouched = false;
    currentMinute();
    textInput.focus();
    flush();
  });
  minuteInput.addEventListener("input", function () {
    minuteTouched = true;
  });
  window.addEventListener("online", flush);
  setInterval(function () {
    currentMinute();
    if (load().length) flush();
  }, 20000);

  // Opened again: what was refused before (an expired session, say) is tried once more.
  store(load().map((e) => Object.assign(e, { failed: false })));
  load().forEach(showPending);
  showCount();
  flush();
})();
