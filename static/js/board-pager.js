// After a board's pager link swaps in another page of results, keyboard focus moves to the
// new results' heading, so reading and tabbing go on from the top of the new page rather
// than from the link, which is gone. htmx scrolls there itself (the pager's hx-swap "show").
document.body.addEventListener("htmx:afterSettle", (event) => {
  const link = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!link || !link.closest || !link.closest(".pager")) {
    return;
  }
  const heading = document.getElementById("results-heading");
  if (heading) {
    heading.focus({ preventScroll: true });
  }
});
