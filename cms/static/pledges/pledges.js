// Progressive enhancement for pledge walls: likes without a page reload, fresh like counts on
// cached pages, and "load more" that appends the next page. Without JavaScript the pagination
// links work as they are and signed-in members' like forms post; a visitor without an account
// needs this script to like: it asks for a liker token (cached pages carry none) first.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setCount(form, count, liked) {
    var label = form.querySelector(".like-count");
    if (label && typeof count === "number") label.textContent = String(count);
    if (liked) form.querySelector("button").setAttribute("aria-pressed", "true");
  }

  // A visitor's liker token, fetched on the first like and kept while it is fresh.
  var liker = {token: null, until: 0};

  function likerToken(form) {
    if (csrfToken(form)) return Promise.resolve(null);  // signed in: the session is enough
    if (liker.token && Date.now() < liker.until) return Promise.resolve(liker.token);
    return fetch("/api/pledges/liker-token/", {credentials: "same-origin",
                                               headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return null;
        liker.token = body.token;
        liker.until = Date.now() + (body.expires_in - 60) * 1000;
        return liker.token;
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("like-form")) return;
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    likerToken(form).then(function (token) {
      var headers = {"Accept": "application/json", "X-CSRFToken": csrfToken(form)};
      if (token) headers["X-Liker-Token"] = token;
      return fetch(form.action, {method: "POST", credentials: "same-origin", headers: headers});
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (result) {
      if (result.ok) {
        setCount(form, result.body.like_count, true);
      } else {
        liker.token = null;  // refused (expired, another address): ask afresh next time
        var detail = result.body.detail;
        window.alert(Array.isArray(detail) ? detail.join("\n") : String(detail || ""));
      }
    }).finally(function () { button.disabled = false; });
  });

  function refreshCounts(root) {
    var forms = Array.prototype.slice.call(root.querySelectorAll(".like-form[data-pledge]"));
    if (!forms.length) return;
    var ids = forms.map(function (f) { return f.dataset.pledge; }).join(",");
    fetch("/api/pledges/likes/?ids=" + ids, {credentials: "same-origin",
                                              headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        forms.forEach(function (f) {
          var id = Number(f.dataset.pledge);
          setCount(f, body.counts[String(id)], body.liked.indexOf(id) !== -1);
        });
      });
  }
  refreshCounts(document);

  // "Load more": fetch the next page and append its cards, keeping the link for the page after.
  var nav = document.querySelector(".pledge-list .pagination");
  var grid = document.querySelector(".pledge-grid");
  if (nav && grid && nav.querySelector(".more-link")) {
    nav.addEventListener("click", function (event) {
      var link = event.target.closest(".more-link");
      if (!link) return;
      event.preventDefault();
      fetch(link.href, {credentials: "same-origin"}).then(function (r) { return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var cards = doc.querySelectorAll(".pledge-grid > .pledge-card");
          Array.prototype.forEach.call(cards, function (card) {
            grid.appendChild(document.importNode(card, true));
          });
          refreshCounts(grid);
          var next = doc.querySelector(".pledge-list .pagination");
          // Move parsed nodes rather than re-parsing markup through innerHTML.
          if (next) {
            nav.replaceChildren.apply(nav, Array.prototype.map.call(next.childNodes,
              function (node) { return document.importNode(node, true); }));
          } else {
            nav.remove();
          }
        });
    });
  }
})();
