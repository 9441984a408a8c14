// assay: small progressive enhancements; every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Filters marked data-autosubmit apply as soon as they change.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => {
      if (select.form) select.form.requestSubmit();
    });
  }
  // A fact card jumps to its sentence (a plain link); also move focus there so keyboard
  // and screen-reader users land on the highlighted sentence.
  for (const card of document.querySelectorAll("a.fact-card")) {
    card.addEventListener("click", () => {
      const target = document.getElementById(card.hash.slice(1));
      if (target) window.setTimeout(() => target.focus({ preventScroll: true }), 0);
    });
  }
});

// Parts of a page that cost a second query ("Read more") load after the page itself; without
// script, the placeholder's link opens them as a page of their own.
document.addEventListener("DOMContentLoaded", () => {
  for (const slot of document.querySelectorAll("[data-fragment]")) {
    fetch(slot.dataset.fragment, { headers: { Accept: "text/html" } })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        // Server-rendered and escaped by the same templates as the page itself.
        slot.innerHTML = html;
        slot.dataset.loaded = "true";
      })
      .catch(() => {
        slot.dataset.loaded = "failed";
      });
  }
});
