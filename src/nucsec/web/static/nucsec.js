// The little script the pages use; kept in a file so the Content-Security-Policy can forbid
// inline script. A <select data-autosubmit> submits its form when its value changes.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});

// Wide tables scroll inside a wrapper, never the page (a phone is 390 px wide). A wrapper that
// really scrolls is made a focusable, named region so keyboard users can scroll it too.
function fitTables() {
  for (const table of document.querySelectorAll("main table")) {
    let box = table.parentElement;
    if (!box.classList.contains("scroll")) {
      box = document.createElement("div");
      box.className = "scroll";
      table.replaceWith(box);
      box.append(table);
    }
    if (box.scrollWidth > box.clientWidth + 1) {
      const before = box.previousElementSibling;
      const heading = table.caption || (before && /^H[1-6]$/.test(before.tagName) ? before : null);
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", (heading && heading.textContent.trim()) || "Table");
    } else if (box.hasAttribute("role")) {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}
document.addEventListener("DOMContentLoaded", fitTables);
window.addEventListener("resize", fitTables);
