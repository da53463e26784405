// Live presentation sessions: a countdown that follows the server, and refreshes without
// reloading. The server sends the seconds left; the deadline is this device's monotonic clock
// plus those seconds at receipt, so the device's own time and zone never matter. Every two
// seconds the small state is polled; when its version differs from the one drawn, the live
// part of the page is redrawn with htmx. The order of teams can be dragged (HTML5 drag and
// drop); the arrow buttons do the same from the keyboard and without scripts.
(() => {
  "use strict";
  const root = document.querySelector("[data-session]");
  if (!root) return;

  const POLL_MS = 2000;
  const HIDDEN_POLL_MS = 10000;
  const WARN_SECONDS = 30;
  const PRESENTING = new Set(["talk", "questions"]);
  const showOvertime = root.dataset.overtime === "1"; // the control panel says by how much
  const texts = {
    expired: root.dataset.textExpired || "",
    paused: root.dataset.textPaused || "",
    offline: root.dataset.textOffline || "",
  };

  let clock = null; // {phase, running, paused, left, limit, at}
  let drawnLive = null; // the live element the clock was last read from
  let failures = 0;
  let refreshing = false;
  let dragging = null;
  let orderBefore = "";
  let pollTimer = null;

  const seconds = () => performance.now() / 1000;
  const live = () => root.querySelector("[data-live]");
  const pad = (n) => String(n).padStart(2, "0");

  function format(left) {
    const whole = Math.max(Math.ceil(left), 0);
    const h = Math.floor(whole / 3600);
    const m = Math.floor((whole % 3600) / 60);
    const s = whole % 60;
    return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  }

  function setClock(state) {
    clock = {
      phase: state.phase,
      running: Boolean(state.running),
      paused: Boolean(state.paused),
      left: Number(state.remaining) || 0,
      limit: Number(state.limit) || 0,
      at: seconds(),
    };
    draw();
  }

  function readLive() {
    const element = live();
    if (!element || element === drawnLive) return;
    drawnLive = element;
    const d = element.dataset;
    setClock({
      phase: d.phase,
      running: d.running === "1",
      paused: d.paused === "1",
      remaining: d.remaining,
      limit: d.limit,
    });
  }

  function timeLeft() {
    return clock.running ? clock.left - (seconds() - clock.at) : clock.left;
  }

  function draw() {
    if (!clock) return;
    const element = root.querySelector("[data-clock]");
    const left = timeLeft();
    const presenting = PRESENTING.has(clock.phase);
    const expired = presenting && left <= 0;
    root.classList.toggle("session-expired", expired);
    if (!element) return;
    const time = element.querySelector("[data-clock-time]");
    const text = format(presenting || clock.phase === "waiting" ? left : 0);
    if (time && time.textContent !== text) time.textContent = text;
    element.classList.toggle("is-expired", expired);
    element.classList.toggle("is-warning", presenting && !expired && left <= WARN_SECONDS);
    element.classList.toggle("is-paused", presenting && clock.paused);
    const note = element.querySelector("[data-clock-note]");
    const notes = [];
    if (expired) notes.push(showOvertime ? `${texts.expired} +${format(-left)}` : texts.expired);
    if (presenting && clock.paused) notes.push(texts.paused);
    const noteText = notes.join(" · ");
    if (note && note.textContent !== noteText) note.textContent = noteText;
    const bar = element.querySelector("[data-clock-bar]");
    if (bar) {
      const share = clock.limit > 0 ? Math.min(Math.max(left / clock.limit, 0), 1) : 0;
      bar.style.width = `${(share * 100).toFixed(1)}%`;
    }
  }

  function setOffline(offline) {
    root.classList.toggle("session-offline", offline);
    const note = root.querySelector("[data-offline-note]");
    if (!note) return;
    note.hidden = !offline;
    note.textContent = offline ? texts.offline : "";
  }

  // Do not redraw under the person's hands: while a team is dragged or a field has unsaved typing.
  function busy() {
    if (dragging) return true;
    const active = document.activeElement;
    const element = live();
    return Boolean(
      element &&
        active &&
        element.contains(active) &&
        active.matches("input:not([type=hidden]), textarea") &&
        active.value !== active.defaultValue,
    );
  }

  function refresh() {
    const element = live();
    if (refreshing || busy() || !element || !window.htmx) return;
    refreshing = true;
    window.htmx
      .ajax("GET", root.dataset.refreshUrl, { target: element, swap: "outerHTML" })
      .finally(() => {
        refreshing = false;
      });
  }

  async function poll() {
    clearTimeout(pollTimer);
    const sent = seconds();
    try {
      const response = await fetch(root.dataset.stateUrl, {
        headers: { Accept: "application/json" },
        cache: "no-store",
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const state = await response.json();
      // The server measured the time somewhere during the round trip: take its middle.
      if (state.running) state.remaining -= (seconds() - sent) / 2;
      failures = 0;
      setOffline(false);
      setClock(state);
      const element = live();
      if (element && String(state.version) !== element.dataset.version) refresh();
    } catch (error) {
      failures += 1;
      if (failures >= 2) setOffline(true); // the clock keeps counting locally meanwhile
    }
    pollTimer = setTimeout(poll, document.hidden ? HIDDEN_POLL_MS : POLL_MS);
  }

  // A redrawn live part (after a refresh or a button) brings its own fresh numbers.
  document.addEventListener("htmx:afterSettle", readLive);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) poll();
  });

  // --- the order of teams: drag and drop ---------------------------------------------------
  const orderOf = (list) =>
    Array.from(list.children)
      .map((item) => item.dataset.team)
      .join(",");

  root.addEventListener("dragstart", (event) => {
    const item = event.target.closest && event.target.closest("[data-order-list] > [draggable=true]");
    if (!item) return;
    dragging = item;
    orderBefore = orderOf(item.parentElement);
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.team);
  });
  root.addEventListener("dragover", (event) => {
    if (!dragging) return;
    const over = event.target.closest && event.target.closest("[data-order-list] > li");
    if (!over || over.parentElement !== dragging.parentElement) return;
    event.preventDefault();
    if (over === dragging || over.getAttribute("draggable") !== "true") return;
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    over.parentElement.insertBefore(dragging, after ? over.nextSibling : over);
  });
  root.addEventListener("drop", (event) => {
    if (dragging) event.preventDefault();
  });
  root.addEventListener("dragend", () => {
    if (!dragging) return;
    const item = dragging;
    dragging = null;
    item.classList.remove("is-dragging");
    const list = item.parentElement;
    const form = item.closest("[data-order-form]");
    if (form && orderOf(list) !== orderBefore) form.requestSubmit();
  });

  // --- the prompts under the question field --------------------------------------------------
  document.addEventListener("click", (event) => {
    const prompt = event.target.closest && event.target.closest("[data-prompt]");
    if (prompt) {
      const field = document.getElementById("id_text");
      if (field) {
        field.value = prompt.dataset.prompt;
        field.focus();
      }
      return;
    }
    const full = event.target.closest && event.target.closest("[data-fullscreen]");
    if (full && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
  });

  readLive();
  setInterval(draw, 200);
  poll();
})();
