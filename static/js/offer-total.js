// The offer page's live total: the offer's price plus the extras ticked, in its currency.
(function () {
  "use strict";
  const form = document.querySelector("[data-offer-total]");
  if (!form) return;
  const base = Number(form.dataset.base);
  const exponent = Number(form.dataset.exponent);
  const currency = form.dataset.currency;
  // As core.money.format_money writes it: "GBP 1,250", decimals only when there is a fraction.
  function format(minor) {
    const whole = minor % Math.pow(10, exponent) === 0;
    const digits = whole ? 0 : exponent;
    const major = (minor / Math.pow(10, exponent)).toLocaleString("en-GB", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    return currency + " " + major;
  }
  const total = form.querySelector("[data-total]");
  function update() {
    let minor = base;
    form.querySelectorAll("input[data-price]:checked").forEach(function (box) {
      minor += Number(box.dataset.price);
    });
    total.textContent = format(minor);
  }
  form.addEventListener("change", update);
})();
