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
