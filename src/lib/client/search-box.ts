// Header search box: `/` anywhere (outside a text field) focuses it, or the search page's own field.
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
  const field =
    document.querySelector<HTMLInputElement>('[data-search-page] input[name="q"]') ??
    document.querySelector<HTMLInputElement>('[data-search-box] input[name="q"]');
  if (!field) return;
  event.preventDefault();
  field.focus();
  field.select();
});
