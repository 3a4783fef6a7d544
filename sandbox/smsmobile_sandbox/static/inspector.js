// Live updates for the sandbox inspector: re-read the page every second and swap in the parts
// marked data-live that changed. Without this script the page still works (reload to refresh).
(function () {
  "use strict";
  var parser = new DOMParser();
  var busy = false;

  function scrollThread() {
    var thread = document.getElementById("thread");
    if (thread) { thread.scrollTop = thread.scrollHeight; }
  }

  function refresh() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(window.location.pathname + window.location.search, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (text === null) { return; }
        var fresh = parser.parseFromString(text, "text/html");
        document.querySelectorAll("[data-live]").forEach(function (part) {
          var name = part.getAttribute("data-live");
          var next = fresh.querySelector('[data-live="' + name + '"]');
          if (!next || next.innerHTML === part.innerHTML) { return; }
          if (part.contains(document.activeElement)) { return; }  // do not reset a field in use
          part.innerHTML = next.innerHTML;
          if (name === "thread") { scrollThread(); }
        });
        document.body.setAttribute("data-refreshed", String(Date.now()));
      })
      .catch(function () { /* the sandbox stopped: keep the last view */ })
      .then(function () { busy = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    scrollThread();
    document.body.classList.add("live");
    window.setInterval(refresh, 1000);
  });
})();
