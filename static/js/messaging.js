// A thread page asks for new messages every few seconds (htmx polling). A hidden tab does not
// ask; when it is shown again it asks at once, so nothing waits for the next turn.
(function () {
  "use strict";
  document.body.addEventListener("htmx:confirm", function (event) {
    if (document.hidden && event.target.matches("[data-poller]")) {
      event.preventDefault();
    }
  });
  document.addEventListener("visibilitychange", function () {
    var poller = document.querySelector("[data-poller]");
    if (!document.hidden && poller && window.htmx) {
      window.htmx.trigger(poller, "messages-changed");
    }
  });
})();
