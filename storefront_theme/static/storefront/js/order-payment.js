// The order page while a bank transfer is awaited: ask the server every 3 s and show
// "paid" (or what is still owed) without a reload. Without JS a refresh shows the same.
(function () {
  "use strict";
  var box = document.querySelector("[data-payment-url]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-payment-url");
  var timer = null;

  function show(data) {
    var status = box.querySelector("[data-payment-status]");
    if (status && data.display) status.textContent = data.display;
    box.setAttribute("data-payment-state", data.state);
    if (data.state === "paid") {
      var transfer = box.querySelector("[data-transfer]");
      if (transfer) transfer.hidden = true;
      box.querySelector("[data-paid-notice]").hidden = false;
      window.clearInterval(timer);
    } else if (data.state === "canceled") {
      // Cancelled (the transfer came too late): nothing more to pay; the status says
      // whether money is being refunded.
      var stale = box.querySelector("[data-transfer]");
      if (stale) stale.hidden = true;
      window.clearInterval(timer);
    } else if (data.state === "partial" && data.owed) {
      // Part of the money arrived: the QR must ask for the rest, so the page is drawn again.
      var amount = box.querySelector("[data-amount]");
      if (amount && amount.textContent !== data.owed) window.location.reload();
    }
  }

  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) show(data); })
      .catch(function () { /* offline for a moment: the next tick tries again */ });
  }

  var state = box.getAttribute("data-payment-state");
  if (state !== "paid" && state !== "canceled") timer = window.setInterval(poll, 3000);
})();
