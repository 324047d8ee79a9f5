/* The story reading clock: counts reading time only while the tab is visible and the reader
   has scrolled, touched, clicked or typed within the last 45 s (the first 15 s after opening
   count as reading: a page left open unread earns nothing), and reports it every 10 s while
   the reader is there.
   The server credits no more than the real time between reports (learning.daily.reading),
   so this count is a claim, never the truth. */
(function () {
  "use strict";
  var el = document.querySelector("[data-reading-clock]");
  if (!el || el.dataset.completed === "1") return;
  var REPORT_EVERY_MS = 10000, IDLE_MS = 45000, GRACE_MS = 15000, TICK_MS = 1000;
  var statusEl = el.querySelector("[data-reading-status]");
  var needed = parseFloat(el.dataset.needed) || 0;
  var total = parseFloat(el.dataset.total) || 0;
  var pending = 0, lastActive = Date.now() - IDLE_MS + GRACE_MS, lastTick = Date.now(), done = false, sending = false;

  function active() {
    return document.visibilityState === "visible" && Date.now() - lastActive < IDLE_MS;
  }
  function show() {
    if (done) return;
    statusEl.textContent = active()
      ? el.dataset.textReading.replace("{done}", Math.min(needed, Math.floor(total + pending)))
          .replace("{total}", needed)
      : el.dataset.textPaused;
  }
  function send(keepalive) {
    if (done || sending) return;
    var seconds = Math.min(30, Math.round(pending * 100) / 100);
    pending = 0;
    sending = true;
    fetch(el.dataset.url, {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": el.dataset.csrf },
      body: JSON.stringify({ story: +el.dataset.story, seconds: seconds })
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      sending = false;
      if (!data) return;
      total = data.total_seconds;
      if (data.completed) {
        done = true;
        el.classList.add("is-done");
        statusEl.textContent = data.points === 0 ? el.dataset.textCapped : el.dataset.textDone;
      } else { show(); }
    }).catch(function () { sending = false; });
  }
  ["scroll", "pointerdown", "pointermove", "keydown", "touchstart", "wheel"].forEach(function (name) {
    window.addEventListener(name, function () { lastActive = Date.now(); }, { passive: true });
  });
  setInterval(function () {
    var now = Date.now();
    if (active()) pending += (now - lastTick) / 1000;
    lastTick = now;
    show();
  }, TICK_MS);
  // Nothing to say while the reader is away: the next report after a long pause opens a new
  // stretch on the server anyway.
  setInterval(function () { if (pending > 0 || active()) send(false); }, REPORT_EVERY_MS);
  document.addEventListener("visibilitychange", function () {
    lastTick = Date.now();
    if (document.visibilityState === "hidden" && pending > 0) send(true);
    // Coming back to the tab is the grace of an opening, not a minute of reading.
    else if (document.visibilityState === "visible") lastActive = Date.now() - IDLE_MS + GRACE_MS;
  });
  send(false); // opens the stretch: the server credits from here on
})();
