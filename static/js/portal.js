// Small progressive enhancements; every page works without this file.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-logout-form]");
  if (link) {
    event.preventDefault();
    document.getElementById(link.dataset.logoutForm).submit();
    return;
  }
  const confirmer = event.target.closest("[data-confirm]");
  if (confirmer && !window.confirm(confirmer.dataset.confirm)) {
    event.preventDefault();
  }
});

// Tabs: links to #fragments inside [data-tabs] show one panel at a time; the URL keeps the tab.
function showTab(container, id) {
  const panels = container.querySelectorAll("[role=tabpanel]");
  if (![...panels].some((p) => p.id === id)) return;
  panels.forEach((panel) => { panel.hidden = panel.id !== id; });
  container.querySelectorAll("[role=tab]").forEach((tab) => {
    tab.setAttribute("aria-selected", tab.getAttribute("href") === "#" + id ? "true" : "false");
  });
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-tabs]").forEach((container) => {
    const first = container.querySelector("[role=tab]");
    const wanted = window.location.hash.slice(1);
    showTab(container, wanted || (first && first.getAttribute("href").slice(1)));
    container.addEventListener("click", (event) => {
      const tab = event.target.closest("[role=tab]");
      if (!tab) return;
      event.preventDefault();
      const id = tab.getAttribute("href").slice(1);
      history.replaceState(null, "", "#" + id);
      showTab(container, id);
    });
  });
  document.querySelectorAll("[data-select-all]").forEach((box) => {
    box.addEventListener("change", () => {
      document.querySelectorAll(box.dataset.selectAll).forEach((cb) => { cb.checked = box.checked; });
    });
  });
});
