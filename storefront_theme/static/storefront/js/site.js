/* Small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("js");

  /* Filters: apply on change, then put keyboard focus back on the same control. */
  var filters = doc.getElementById("filters");
  if (filters) {
    var refocus = sessionStorage.getItem("ocop-refocus");
    if (refocus) {
      sessionStorage.removeItem("ocop-refocus");
      var target = doc.getElementById(refocus);
      if (target) target.focus();
    }
    filters.addEventListener("change", function (event) {
      if (event.target.id) sessionStorage.setItem("ocop-refocus", event.target.id);
      filters.submit();
    });
    var box = filters.querySelector("[data-collapse-narrow]");
    if (box && window.matchMedia("(max-width: 63.99rem)").matches && !refocus) box.open = false;
  }

  /* Product gallery: thumbnails swap the main image. */
  var gallery = doc.querySelector("[data-gallery]");
  if (gallery) {
    var main = gallery.querySelector("[data-gallery-main]");
    gallery.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-src]");
      if (!button || !main) return;
      main.src = button.getAttribute("data-src");
      main.alt = button.getAttribute("data-alt");
      gallery.querySelectorAll("button[data-src]").forEach(function (b) {
        b.setAttribute("aria-current", b === button ? "true" : "false");
      });
    });
  }

  /* Search box suggestions: an ARIA combobox fed by /goi-y/. */
  var form = doc.querySelector(".search-form[data-suggest-url]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = form.querySelector(".suggestions");
  var url = form.getAttribute("data-suggest-url");
  var timer = null, active = -1, items = [], lastText = "";

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0 && options[index]) input.setAttribute("aria-activedescendant", options[index].id);
    else input.removeAttribute("aria-activedescendant");
  }
  function render(suggestions) {
    items = suggestions;
    list.textContent = "";
    if (!items.length) { close(); return; }
    items.forEach(function (item, i) {
      var li = doc.createElement("li");
      li.id = "goi-y-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = item.text;
      var kind = doc.createElement("span");
      kind.className = "kind";
      kind.textContent = item.kind === "product" ? "sản phẩm" : "tìm kiếm";
      li.appendChild(kind);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = item.url; });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }
  input.addEventListener("input", function () {
    var text = input.value.trim();
    clearTimeout(timer);
    if (text.length < 2) { close(); return; }
    timer = setTimeout(function () {
      lastText = text;
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (text === lastText) render(data.suggestions || []); })
        .catch(close);
    }, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = items[active].url; }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();

/* Address form: the commune list follows the chosen province (without this script the
   "Chọn" button reloads the form with the province's communes). */
(function () {
  "use strict";
  var form = document.querySelector("[data-address-form]");
  if (!form) return;
  var province = form.querySelector("#f-countryArea");
  var commune = form.querySelector("#f-city");
  // The English checkout names its own texts (data-text-*); Vietnamese is the default.
  function text(name, fallback) { return form.getAttribute("data-text-" + name) || fallback; }
  province.addEventListener("change", function () {
    commune.disabled = true;
    commune.innerHTML = "";
    var loading = new Option(province.value ? text("loading", "Đang tải danh sách xã/phường…")
                                            : text("province-first", "Hãy chọn tỉnh/thành phố trước"), "");
    commune.add(loading);
    if (!province.value) return;
    var url = form.getAttribute("data-communes-url") + "?tinh=" + encodeURIComponent(province.value);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        commune.innerHTML = "";
        commune.add(new Option(text("choose", "— Chọn xã/phường —"), ""));
        data.communes.forEach(function (name) { commune.add(new Option(name, name)); });
        commune.disabled = false;
      })
      .catch(function () {
        loading.text = text("failed", "Không tải được danh sách; hãy bấm “Chọn”.");
        form.querySelectorAll(".js-hide").forEach(function (el) { el.style.display = "inline-block"; });
      });
  });
})();

/* Cart: "Thêm vào giỏ" adds in place and the header shows how many items the cart holds
   (without JavaScript the form posts and the cart page opens). */
(function () {
  "use strict";
  var count = document.querySelector("[data-cart-count]");
  function show(quantity) {
    if (count) { count.textContent = quantity ? "(" + quantity + ")" : ""; }
  }
  var link = document.querySelector("[data-cart-link]");
  if (link && window.fetch) {
    fetch(link.getAttribute("href") + "so-luong/", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { show(data.quantity); } })
      .catch(function () {});
  }
  document.querySelectorAll("[data-add-to-cart]").forEach(function (form) {
    var status = form.querySelector("[data-cart-status]");
    form.addEventListener("submit", function (event) {
      if (!window.fetch) { return; }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                           headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (status) { status.textContent = data.message; }
          if (data.ok) { show(data.quantity); }
        })
        .catch(function () { form.submit(); })
        .finally(function () { button.disabled = false; });
    });
  });
})();
