// The header's account menu is a <details> element, so it opens and closes without this
// script; with it, a click elsewhere or Escape closes it, as a menu is expected to.
(function () {
  "use strict";
  const menu = document.querySelector(".account-menu");
  if (!menu) return;
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
