// The organiser's check-in screen: fetch a fresh code when the current one's window ends,
// and count down meanwhile. The server decides the window; this only asks again.
(function () {
  "use strict";
  const screen = document.querySelector("[data-screen]");
  if (!screen) return;
  const qr = screen.querySelector("[data-qr]");
  const link = screen.querySelector("[data-code-link]");
  const seconds = screen.querySelector("[data-seconds]");
  const counts = screen.querySelector("[data-counts]");
  let left = parseInt(seconds.textContent, 10) || 30;

  async function refresh() {
    try {
      const response = await fetch(screen.dataset.codeUrl, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) throw new Error(response.status);
      const code = await response.json();
      qr.innerHTML = code.svg;  // our own SVG from the server
      link.href = code.url;
      left = code.seconds_left;
      counts.textContent = code.counts_text;
    } catch (error) {
      left = 5;  // try again soon
    }
  }

  setInterval(function () {
    left -= 1;
    if (left <= 0) { left = 30; refresh(); }
    seconds.textContent = String(Math.max(left, 0));
  }, 1000);
})();
