// The little script the pages use; kept in a file so the Content-Security-Policy can forbid
// inline script. A <select data-autosubmit> submits its form when its value changes.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});
