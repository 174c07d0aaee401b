// Chapter links work without scripts (they reload with ?t=…&v=…); with scripts they seek the player in
// place, keeping it playing if it was, so watching is not interrupted by a page load.
for (const figure of document.querySelectorAll<HTMLElement>('figure.video')) {
  const video = figure.querySelector('video');
  if (!video) continue;
  figure.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-seek]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    const playing = !video.paused;
    video.currentTime = Number(link.dataset.seek);
    if (playing) void video.play();
    video.focus({ preventScroll: true });
    video.scrollIntoView({ block: 'nearest' });
  });
}
