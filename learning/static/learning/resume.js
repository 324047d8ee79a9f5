/* Resuming a lecture: open at the section in progress, not at the top of the page.
   Only the view moves: nothing is played or reported (study.js restores a player's position;
   a reading section's clock still starts with its button), so progress stays as it was.
   A link to a section (#section-…, #quiz) is left to the browser. */
(function () {
  "use strict";
  if (window.location.hash) return;
  var sections = Array.prototype.slice.call(document.querySelectorAll(".study-section[data-section]"));
  var started = sections.some(function (el) {
    return el.classList.contains("is-complete") || (parseFloat(el.dataset.position) || 0) > 0;
  });
  if (!started) return;
  var target = sections.filter(function (el) { return !el.classList.contains("is-complete"); })[0];
  if (!target) return;  // all done: the page top says so, and the quiz follows the sections
  target.setAttribute("data-resumed", "");
  var heading = target.querySelector("h2") || target;
  heading.setAttribute("tabindex", "-1");
  target.scrollIntoView({ block: "start" });
  heading.focus({ preventScroll: true });
})();
