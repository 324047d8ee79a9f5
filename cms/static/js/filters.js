// A listing's filters fold on a phone (as on /search/) but take one row on a wide screen:
// open them there. Loaded right after the form, before it is painted; without JavaScript
// they stay folded, which still works.
(function () {
  if (!window.matchMedia || !window.matchMedia("(min-width: 60rem)").matches) return;
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    details.open = true;
  });
})();
