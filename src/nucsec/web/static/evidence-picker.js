// The evidence picker of the assessment table. Each evidence field (a text field of references,
// "EV-0001; EV-0002", which works without script) gains a search of the state's evidence and
// Add/Remove buttons that edit the field. The search is the evidence API's, which applies the
// visibility rule: evidence the user may not see is never offered.
(() => {
  const SPLIT = /[;,]/;

  function refsOf(field) {
    return field.value.split(SPLIT).map((r) => r.trim()).filter(Boolean);
  }

  function element(tag, attributes = {}, text = "") {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  }

  function picker(field, number) {
    const item = field.dataset.item || field.name.split("__").pop();
    const state = field.dataset.state;
    const titles = new Map();
    const box = element("div", { class: "picker", "data-testid": `picker-${item}` });
    const chosen = element("ul", { "aria-label": `Evidence chosen for ${item}` });
    const query = element("input", {
      type: "search",
      id: `evidence-search-${number}`,
      maxlength: "500",
      placeholder: "words of the title",
    });
    const label = element("label", { for: query.id }, `Find evidence for ${item}`);
    const go = element("button", { type: "button" }, "Search");
    const status = element("span", { role: "status", class: "muted" });
    const found = element("ul", { "aria-label": `Evidence found for ${item}` });
    found.hidden = true;

    function showChosen() {
      chosen.replaceChildren();
      const refs = refsOf(field);
      chosen.hidden = refs.length === 0;
      for (const ref of refs) {
        const row = element("li");
        row.append(element("span", { class: "ids" }, ref));
        if (titles.has(ref)) row.append(` ${titles.get(ref)}`);
        const remove = element("button", { type: "button", "aria-label": `Remove ${ref} from ${item}` }, "Remove");
        remove.addEventListener("click", () => {
          field.value = refsOf(field).filter((r) => r !== ref).join("; ");
          showChosen();
          markAdded();
          status.textContent = `${ref} removed.`;
          query.focus();
        });
        row.append(" ", remove);
        chosen.append(row);
      }
    }

    function markAdded() {
      const refs = new Set(refsOf(field));
      for (const button of found.querySelectorAll("button[data-ref]")) {
        const added = refs.has(button.dataset.ref);
        button.disabled = added;
        button.textContent = added ? "Added" : "Add";
      }
    }

    async function search() {
      const words = query.value.trim();
      if (!words) {
        status.textContent = "Type words of the title to search.";
        return;
      }
      const params = new URLSearchParams({ q: words, limit: "10" });
      if (field.dataset.label) params.set("label", field.dataset.label);
      status.textContent = "Searching…";
      let answer;
      try {
        const response = await fetch(`/api/v1/states/${encodeURIComponent(state)}/evidence/search?${params}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        answer = await response.json();
        if (!response.ok) throw new Error(typeof answer.detail === "string" ? answer.detail : "the search was refused");
      } catch (error) {
        status.textContent = `Search failed: ${error.message}`;
        return;
      }
      found.replaceChildren();
      for (const hit of answer.items) {
        titles.set(hit.ref, hit.title);
        const row = element("li");
        row.append(element("span", { class: "ids" }, hit.ref), ` ${hit.title} (${hit.label})`);
        const add = element("button", { type: "button", "data-ref": hit.ref, "aria-label": `Add ${hit.ref} to ${item}` }, "Add");
        add.addEventListener("click", () => {
          const refs = refsOf(field);
          if (!refs.includes(hit.ref)) field.value = [...refs, hit.ref].join("; ");
          showChosen();
          markAdded();
          status.textContent = `${hit.ref} added; save the table to keep it.`;
        });
        row.append(" ", add);
        found.append(row);
      }
      found.hidden = answer.items.length === 0;
      const more = answer.total > answer.items.length ? ` (the first ${answer.items.length} shown)` : "";
      status.textContent = answer.total === 0 ? "Nothing found." : `${answer.total} found${more}.`;
      markAdded();
    }

    query.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {  // search, never submit the table
        event.preventDefault();
        search();
      }
    });
    go.addEventListener("click", search);
    field.addEventListener("input", showChosen);
    box.append(chosen, label, query, go, status, found);
    (field.closest(".evidence-field") || field).after(box);
    showChosen();
  }

  function setUp() {
    document.querySelectorAll("input[data-evidence-picker]").forEach(picker);
  }
  document.addEventListener("DOMContentLoaded", setUp);
})();
