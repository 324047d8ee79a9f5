/* The study page: reports what was really played or read, in small events with their own id.
   Events go to a queue in localStorage first, so nothing is lost offline or when the page
   closes; the server treats a repeated id as a no-op, so sending twice is always safe. */
(function () {
  "use strict";
  var root = document.querySelector("[data-study]");
  if (!root) return;
  // One queue per member: on a shared computer, events left by one member must never be sent
  // under the next member's session. The old unkeyed queue cannot say whose it is: dropped.
  var QUEUE_KEY = root.dataset.queueKey;
  try { localStorage.removeItem("xf-progress-queue"); } catch (e) { /* storage off */ }
  var REPORT_EVERY_MS = 15000;
  var texts = document.getElementById("study-texts").dataset;
  var statusEl = root.querySelector("[data-sync-status]");
  var flushing = false;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function loadQueue() {
    try {
      var queue = JSON.parse(localStorage.getItem(QUEUE_KEY));
      return Array.isArray(queue) ? queue : [];
    } catch (e) { return []; }
  }
  function saveQueue(queue) {
    try { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); } catch (e) { /* full: keep going */ }
  }
  function round(x) { return Math.round(x * 100) / 100; }

  function report(sectionId, from, to, position, visible) {
    if (!(to >= from)) return;
    var queue = loadQueue();
    queue.push({ id: uuid(), section: sectionId, segment: [round(from), round(to)],
                 position: round(position === undefined ? to : position),
                 visible: visible !== false, client_time: new Date().toISOString() });
    saveQueue(queue);
    flush();
  }

  function showState(section) {
    var el = root.querySelector('[data-section="' + section.section + '"]');
    if (!el) return;
    el.dataset.position = section.position;
    el.querySelector("progress").value = section.percent;
    el.querySelector("[data-state]").textContent = section.completed
      ? texts.completed : texts.percent.replace("{percent}", section.percent + "%");
    el.classList.toggle("is-complete", section.completed);
  }
  function showDecisions(decisions) {
    var list = root.querySelector("[data-decisions]");
    if (!decisions.length) return;
    list.textContent = "";
    decisions.forEach(function (d) {
      var item = document.createElement("li");
      item.textContent = d.section_title + "：" + d.message +
        "（" + Math.round(d.seconds) + " " + texts.s + "）";
      list.appendChild(item);
    });
  }
  // Events are applied moments after they are stored; reading the lecture's progress
  // applies whatever of ours still waits, so this shows the credit of what was just sent.
  function refresh() {
    fetch(root.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.sections.forEach(function (section) {
          if (section.covered_seconds > 0 || section.completed) showState(section);
        });
        showDecisions(data.decisions || []);
        if (data.completed) {
          root.querySelector("[data-lecture-state]").innerHTML =
            '<strong class="done">' + texts.lectureDone + "</strong>";
        }
      }).catch(function () {});
  }

  // An event's key in the queue: its id, or its whole text for one without a readable id.
  function queueKey(e) {
    return e && typeof e.id === "string" ? "id:" + e.id : "json:" + JSON.stringify(e);
  }
  // Takes the answered events of a sent batch out of the queue; events queued meanwhile (by
  // this tab or another) stay.
  function dropSent(batch, answered) {
    var done = {};
    batch.forEach(function (e, i) { if (answered(i)) done[queueKey(e)] = true; });
    saveQueue(loadQueue().filter(function (e) { return !done[queueKey(e)]; }));
  }
  var FINAL = { accepted: true, duplicate: true, conflict: true, invalid: true };

  function flush() {
    if (flushing) return;
    var batch = loadQueue().slice(0, 100);
    if (!batch.length) return;
    flushing = true;
    fetch(root.dataset.batchUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify({ events: batch })
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        statusEl.textContent = texts.signin;
        return null;
      }
      // Network trouble, a server error or a rate limit: keep every event and retry later.
      if (response.status >= 500 || response.status === 408 || response.status === 429) {
        throw new Error("HTTP " + response.status);
      }
      return response.json().then(function (data) {
        return { ok: response.ok, data: data };
      });
    }).then(function (answer) {
      flushing = false;
      if (!answer) return;
      if (!answer.ok) {
        // The batch as a whole was refused (4xx): sent again it would be refused again, and
        // would block the queue for good. Drop it and say why.
        dropSent(batch, function () { return true; });
        statusEl.textContent = (answer.data && answer.data.detail) || texts.offline;
        return;
      }
      // Each event has its own final answer: accepted and duplicate are stored; conflict and
      // invalid can never be accepted, so they are dropped too, never re-sent.
      var results = (answer.data && answer.data.results) || [];
      dropSent(batch, function (i) { return results[i] && FINAL[results[i].status]; });
      var problem = "";
      results.forEach(function (result) {
        if (result.status === "invalid" || result.status === "conflict") problem = result.message;
      });
      statusEl.textContent = problem || texts.saved;
      if (loadQueue().length && results.length) flush(); else refresh();
    }).catch(function () {
      flushing = false;
      statusEl.textContent = texts.offline;
    });
  }

  function beacon() {
    var queue = loadQueue();
    if (!queue.length || !navigator.sendBeacon) return;
    var body = new URLSearchParams();
    body.set("csrfmiddlewaretoken", root.dataset.csrf);
    body.set("payload", JSON.stringify({ events: queue.slice(0, 100) }));
    navigator.sendBeacon(root.dataset.batchUrl, body);
  }

  var closers = []; // functions that report an open segment before the page goes away

  /* Video and audio: a segment runs from where playing started to where it stopped; a jump
     (seek) closes the segment, so skipped parts are never reported as played.
     Speed does not buy time: a segment is reported no longer than the wall-clock time it
     took (plus a quarter second for timer jitter). At 2× the second half of each stretch is
     heard but not reported, so study time is the real time listened, never the media time;
     the server's clock bounds it again on its side. */
  var WALL_SLACK = 0.25;
  function trackMedia(el, media) {
    var id = +el.dataset.section;
    var start = null, last = 0, wallStart = 0;
    var shown = true; // whether the page was visible while the open segment played
    var resumeAt = parseFloat(el.dataset.position) || 0;
    media.addEventListener("loadedmetadata", function () {
      if (resumeAt > 0 && resumeAt < media.duration - 1) media.currentTime = resumeAt;
    });
    function open(at) { start = at; wallStart = Date.now(); }
    // The end of the open segment that real time allows (see above).
    function honestEnd() {
      return Math.min(last, start + (Date.now() - wallStart) / 1000 + WALL_SLACK);
    }
    function send(position) {
      report(id, start, Math.max(start, honestEnd()), position, shown);
    }
    function close() {
      if (start === null) return;
      send(last);
      start = null;
    }
    media.addEventListener("play", function () {
      open(last = media.currentTime);
      shown = document.visibilityState === "visible";
      report(id, start, start);
    });
    // A video playing in a hidden tab is not being watched: split the segment there, and
    // the server refuses the hidden part ("tab_hidden"); audio may play in the background.
    document.addEventListener("visibilitychange", function () {
      if (start !== null && !media.seeking) {
        last = media.currentTime;
        send(last);
        open(last);
      }
      shown = document.visibilityState === "visible";
    });
    media.addEventListener("timeupdate", function () {
      if (start === null || media.seeking) return;
      var t = media.currentTime;
      // A jump either way is a seek; forward, allow for the playback speed between updates.
      var ahead = 2.5 * Math.max(1, media.playbackRate || 1);
      if (t < last - 0.5 || t > last + ahead) { send(t); open(t); }
      last = t;
    });
    media.addEventListener("seeking", close);
    media.addEventListener("seeked", function () {
      if (!media.paused) { open(last = media.currentTime); }
    });
    media.addEventListener("pause", close);
    media.addEventListener("ended", function () { last = media.currentTime; close(); });
    setInterval(function () {
      if (start === null || media.paused || media.seeking) return;
      last = media.currentTime;
      send(last);
      open(last);
    }, REPORT_EVERY_MS);
    closers.push(function () { if (start !== null && !media.seeking) { last = media.currentTime; } close(); });
    addSpeedControl(el, media);
    addMediaSession(el, media);
  }

  /* Playback speed, remembered on this device. */
  var RATES = [0.75, 1, 1.25, 1.5, 2];
  var RATE_KEY = "xf-playback-rate";
  function addSpeedControl(el, media) {
    var saved = 1;
    try { saved = parseFloat(localStorage.getItem(RATE_KEY)) || 1; } catch (e) { /* storage off */ }
    if (RATES.indexOf(saved) < 0) saved = 1;
    var label = document.createElement("label");
    label.className = "speed-control";
    label.textContent = (texts.speed || "播放速度") + " ";
    var select = document.createElement("select");
    select.setAttribute("data-speed", "");
    RATES.forEach(function (rate) {
      var option = document.createElement("option");
      option.value = String(rate);
      option.textContent = rate + "×";
      if (rate === saved) option.selected = true;
      select.appendChild(option);
    });
    var note = document.createElement("span");
    note.className = "meta speed-note";
    note.textContent = texts.speedNote || "倍速播放时，学时按实际收听时间计入。";
    function apply() {
      var rate = parseFloat(select.value) || 1;
      media.defaultPlaybackRate = rate;
      media.playbackRate = rate;
      note.hidden = rate <= 1;
    }
    select.addEventListener("change", function () {
      apply();
      try { localStorage.setItem(RATE_KEY, select.value); } catch (e) { /* storage off */ }
    });
    // A new source (or the first load) resets the rate to the default: set it again.
    media.addEventListener("loadedmetadata", apply);
    label.appendChild(select);
    var row = document.createElement("p");
    row.className = "player-controls";
    row.appendChild(label);
    row.appendChild(note);
    media.insertAdjacentElement("afterend", row);
    apply();
  }

  /* The lock screen and notification controls (Media Session API), so audio goes on with
     the screen off where the browser allows, and can be paused there. Seeking from the
     lock screen is a seek like any other: the skipped part is not reported. */
  function addMediaSession(el, media) {
    if (!("mediaSession" in navigator)) return;
    var session = navigator.mediaSession;
    var heading = document.querySelector(".study-page h1");
    function own(action, handler) {
      try { session.setActionHandler(action, handler); } catch (e) { /* unsupported action */ }
    }
    media.addEventListener("play", function () {
      if (window.MediaMetadata) {
        session.metadata = new MediaMetadata({
          title: el.dataset.title || "",
          artist: heading ? heading.textContent.trim() : "",
          album: document.title
        });
      }
      own("play", function () { media.play(); });
      own("pause", function () { media.pause(); });
      own("seekbackward", function (d) { media.currentTime = Math.max(0, media.currentTime - ((d && d.seekOffset) || 10)); });
      own("seekforward", function (d) { media.currentTime = Math.min(media.duration || 0, media.currentTime + ((d && d.seekOffset) || 10)); });
      session.playbackState = "playing";
    });
    media.addEventListener("pause", function () { session.playbackState = "paused"; });
  }

  /* Reading: the timeline is reading time, which runs only while the page is visible. */
  function trackReading(el) {
    var id = +el.dataset.section;
    var total = parseFloat(el.dataset.length) || 0;
    var done = Math.min(parseFloat(el.dataset.position) || 0, total);
    var start = null, tick = null, lastTick = 0, lastReport = 0;
    var timer = el.querySelector("[data-reading-timer]");
    var button = el.querySelector("[data-reading-start]");
    function show() {
      timer.textContent = texts.reading.replace("{done}", Math.floor(done)).replace("{total}", total);
    }
    function close() {
      if (start === null) return;
      report(id, start, done);
      start = done;
      lastReport = Date.now();
    }
    function stop() {
      close();
      start = null;
      clearInterval(tick);
      tick = null;
    }
    button.addEventListener("click", function () {
      if (tick || done >= total) return;
      start = done;
      report(id, start, start);
      lastTick = lastReport = Date.now();
      tick = setInterval(function () {
        var now = Date.now();
        if (document.visibilityState === "visible") done = Math.min(total, done + (now - lastTick) / 1000);
        lastTick = now;
        show();
        if (done >= total) {
          stop();
          button.disabled = true;
          button.textContent = texts.finished;
          return;
        }
        if (now - lastReport >= REPORT_EVERY_MS) close();
      }, 250);
      show();
    });
    document.addEventListener("visibilitychange", function () {
      if (tick && document.visibilityState === "hidden") close();
      lastTick = Date.now();
    });
    closers.push(close);
    if (done > 0) show();
  }

  root.querySelectorAll("[data-section]").forEach(function (el) {
    var media = el.querySelector("[data-player]");
    if (media) trackMedia(el, media); else trackReading(el);
  });

  window.addEventListener("pagehide", function () {
    closers.forEach(function (fn) { fn(); });
    beacon();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") beacon();
  });
  window.addEventListener("online", flush);
  setInterval(flush, 20000); // a flaky connection can fail without going "offline"
  flush(); // whatever an earlier visit left in the queue
})();
