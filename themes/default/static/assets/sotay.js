/* sotay default theme: progressive enhancement only. The site is fully readable without it.
   - light/dark toggle (choice kept in localStorage, applied as <html data-theme>)
   - print button
   - sidebar and "on this page" shown open on wide screens
   - keys: ArrowLeft / ArrowRight for previous / next page, "/" for the search box
   - highlight of the current heading in "on this page" */
(function () {
  "use strict";

  var doc = document.documentElement;
  var KEY = "sotay-theme";

  function store(value) {
    try { localStorage.setItem(KEY, value); } catch (e) { /* file:// or private mode */ }
  }

  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function currentTheme() {
    var chosen = doc.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") return chosen;
    return darkQuery && darkQuery.matches ? "dark" : "light";
  }

  /* ---- theme toggle ---- */
  function setupThemeToggle() {
    var buttons = document.querySelectorAll(".theme-toggle");
    function sync() {
      var dark = currentTheme() === "dark";
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].setAttribute("aria-pressed", dark ? "true" : "false");
      }
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () {
        var next = currentTheme() === "dark" ? "light" : "dark";
        doc.setAttribute("data-theme", next);
        store(next);
        sync();
      });
    }
    if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener("change", sync);
    sync();
  }

  /* ---- print ---- */
  function setupPrint() {
    if (typeof window.print !== "function") return;
    var buttons = document.querySelectorAll(".print-button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }

  /* ---- open the sidebar and the table of contents where there is room ---- */
  function openWhen(selector, query) {
    var el = document.querySelector(selector);
    if (!el || !window.matchMedia) return;
    var mq = window.matchMedia(query);
    if (mq.matches) el.open = true;
    if (mq.addEventListener) mq.addEventListener("change", function () { el.open = mq.matches; });
  }

  /* ---- keyboard ---- */
  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function setupKeys() {
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      var target = e.target;
      if (isTyping(target)) return;

      if (e.key === "/") {
        var box = document.querySelector("#search input");
        if (box) {
          e.preventDefault();
          box.focus();
          if (box.select) box.select();
        }
        return;
      }

      if (e.shiftKey) return;
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      /* leave arrows to things that scroll sideways (wide tables, code) */
      if (target.closest && target.closest(".table-wrap, pre, [role='slider'], [role='tablist']")) return;
      var rel = e.key === "ArrowLeft" ? "prev" : "next";
      var link = document.querySelector('a[rel="' + rel + '"]');
      if (link && link.href) {
        e.preventDefault();
        window.location.href = link.href;
      }
    });
  }

  /* ---- "on this page": mark the section being read ---- */
  function setupTocHighlight() {
    var toc = document.querySelector(".toc-nav");
    if (!toc || !("IntersectionObserver" in window)) return;
    var links = toc.querySelectorAll('a[href^="#"]');
    var entries = [];
    for (var i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      var heading = document.getElementById(id);
      if (heading) entries.push({ link: links[i], heading: heading });
    }
    if (!entries.length) return;

    var active = null;
    function update() {
      var current = entries[0];
      var line = Math.min(window.innerHeight * 0.25, 160);
      for (var j = 0; j < entries.length; j++) {
        if (entries[j].heading.getBoundingClientRect().top <= line) current = entries[j];
        else break;
      }
      if (current === active) return;
      if (active) { active.link.classList.remove("is-active"); active.link.removeAttribute("aria-current"); }
      active = current;
      active.link.classList.add("is-active");
      active.link.setAttribute("aria-current", "location");
    }

    var pending = false;
    function schedule() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; update(); });
    }
    /* headings crossing the viewport trigger an update; scrolling between them needs none */
    var observer = new IntersectionObserver(schedule, { rootMargin: "0px 0px -60% 0px" });
    for (var k = 0; k < entries.length; k++) observer.observe(entries[k].heading);
    window.addEventListener("resize", schedule, { passive: true });
    update();
  }

  function init() {
    setupThemeToggle();
    setupPrint();
    openWhen(".nav-drawer", "(min-width: 60em)");
    openWhen(".doc.has-toc > .toc", "(min-width: 75em)");
    setupKeys();
    setupTocHighlight();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
