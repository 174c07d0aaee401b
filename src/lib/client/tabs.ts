/**
 * Turns a server-rendered `<Tabs>` (every panel stacked under its label) into tabs: a tablist of buttons,
 * one visible panel, arrow keys between tabs (WAI-ARIA tabs pattern). Runs once per `[data-tabs]`.
 */
let counter = 0;

export function enhanceTabs(root: HTMLElement): void {
  if (root.classList.contains('tabs--enhanced')) return;
  const panels = [...root.children].filter((el): el is HTMLElement => el instanceof HTMLElement && el.dataset.tab !== undefined);
  if (panels.length < 2) return;
  const list = document.createElement('div');
  list.setAttribute('role', 'tablist');
  const id = `tabs-${++counter}`;
  const buttons = panels.map((panel, i) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = `${id}-tab-${i}`;
    button.textContent = panel.dataset.tab ?? '';
    button.setAttribute('role', 'tab');
    button.setAttribute('aria-controls', `${id}-panel-${i}`);
    panel.id = `${id}-panel-${i}`;
    panel.setAttribute('role', 'tabpanel');
    panel.setAttribute('aria-labelledby', button.id);
    panel.tabIndex = 0;
    list.append(button);
    return button;
  });
  const select = (index: number, focus: boolean) => {
    buttons.forEach((b, i) => {
      b.setAttribute('aria-selected', String(i === index));
      b.tabIndex = i === index ? 0 : -1;
      panels[i]!.hidden = i !== index;
    });
    if (focus) buttons[index]!.focus();
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => select(i, false));
    b.addEventListener('keydown', (e) => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      select((next + buttons.length) % buttons.length, true);
    });
  });
  root.prepend(list);
  root.classList.add('tabs--enhanced');
  select(0, false);
}
