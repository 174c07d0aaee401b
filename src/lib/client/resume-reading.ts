// Opening an item from a "continue" link (`#resume=<percent>`) scrolls to where the reader stopped. The
// percent is the tracker's reading depth: the share of the page that had been on screen,
// (scrollY + innerHeight) / scrollHeight, so the same formula is inverted here.
const match = /^#resume=(\d{1,3})$/.exec(location.hash);
if (match) {
  const depth = Math.min(100, Number(match[1]));
  const go = () => {
    const root = document.documentElement;
    const top = Math.max(0, (depth / 100) * root.scrollHeight - innerHeight);
    scrollTo({ top, behavior: 'instant' });
    // Drop the fragment so a reload or a shared link opens the page at the top as usual.
    history.replaceState(history.state, '', location.pathname + location.search);
  };
  // Images and fonts change the page height; wait for them before measuring.
  if (document.readyState === 'complete') go();
  else addEventListener('load', go, { once: true });
}
