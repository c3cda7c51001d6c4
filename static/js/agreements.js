// Agreement form: "add a row" for the parties, scope and clause formsets. Without it, the spare rows serve.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-formset]").forEach((box) => {
    const prefix = box.dataset.formset;
    const total = box.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const template = box.querySelector("template[data-formset-template]");
    const rows = box.querySelector(".formset-rows");
    const button = box.querySelector("[data-formset-add]");
    if (!total || !template || !rows || !button) return;
    button.addEventListener("click", () => {
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      const holder = document.createElement("div");
      holder.innerHTML = html.trim();
      const row = holder.firstElementChild;
      const number = row.querySelector("[data-formset-number]");
      if (number) number.textContent = String(index + 1);
      rows.appendChild(row);
      total.value = String(index + 1);
      const first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  });
});

// A plain link to a tab of the page ("#korespondensi") opens that tab, as clicking the tab would.
window.addEventListener("hashchange", () => {
  const id = window.location.hash.slice(1);
  const tab = document.querySelector(`[data-tabs] [role=tab][href="#${CSS.escape(id)}"]`);
  if (tab) tab.click();
});

// Row actions (a due, a contact, a document...): each row links to the action's own page, which is all a
// browser without this file needs. Here the link opens the page's one form of that action in a dialog,
// aimed at the row's URL and named after the row; the server checks that the row is the agreement's.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-row-dialog]");
  if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
    const dialog = document.getElementById(link.dataset.rowDialog);
    if (!dialog || typeof dialog.showModal !== "function") return;
    event.preventDefault();
    const form = dialog.querySelector("form[data-row-form]");
    form.setAttribute("action", link.getAttribute("href"));
    dialog.querySelector("[data-row-label]").textContent = link.dataset.rowLabel || "";
    dialog.showModal();
    const first = form.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
    return;
  }
  const close = event.target.closest("[data-dialog-close]");
  if (close) close.closest("dialog").close();
});
