// The search page. Nothing is fetched until there is something to look for; then Pagefind loads
// its small entry file and only the index chunks the words need. Works from the URL
// (?q=…&type=…&twg=…), so the header box and shared links land on results.
const form = document.querySelector("[data-nw-search]");

if (form) {
  const input = form.querySelector("input[name=q]");
  const twgSelect = form.querySelector("select[name=twg]");
  const status = document.querySelector("[data-nw-search-status]");
  const list = document.querySelector("[data-nw-search-results]");
  const bundle = new URL(form.dataset.bundle, document.baseURI).href;
  const dates = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const SHOWN = 20;
  let engine = null;
  let latest = 0;

  const load = async () => {
    if (!engine) {
      engine = await import(`${bundle}pagefind.js`);
      await engine.options({ excerptLength: 24 });
      engine.init();
    }
    return engine;
  };

  const chosen = () => {
    const filters = {};
    const kinds = [...form.querySelectorAll("input[name=type]:checked")].map((box) => box.value);
    if (kinds.length) filters.type = { any: kinds };
    if (twgSelect && twgSelect.value) filters.twg = twgSelect.value;
    return filters;
  };

  const remember = (term) => {
    const params = new URLSearchParams();
    if (term) params.set("q", term);
    form.querySelectorAll("input[name=type]:checked").forEach((box) => params.append("type", box.value));
    if (twgSelect && twgSelect.value) params.set("twg", twgSelect.value);
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  };

  const element = (name, className, text) => {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  const show = (term, results, total) => {
    list.replaceChildren(
      ...results.map((result) => {
        const item = element("li", "nw-result");
        const heading = element("h2", "nw-result__title");
        const link = element("a", "", result.meta.title || result.url);
        link.href = result.url;
        heading.append(link);
        const facts = [result.filters.type && result.filters.type[0], result.meta.date && dates.format(new Date(result.meta.date))];
        const meta = element("p", "nw-result__meta", facts.filter(Boolean).join(" · "));
        const excerpt = element("p", "nw-result__excerpt");
        // Pagefind's excerpt is the page's text, escaped, with the matched words in <mark>.
        excerpt.innerHTML = result.excerpt;
        item.append(heading, meta, excerpt);
        return item;
      }),
    );
    if (total === 0) status.textContent = `Nothing found for “${term}”.`;
    else if (total > results.length) status.textContent = `${total} results for “${term}”; the first ${results.length} are shown.`;
    else status.textContent = `${total} result${total === 1 ? "" : "s"} for “${term}”.`;
  };

  const run = async () => {
    const term = input.value.trim();
    remember(term);
    const ticket = ++latest;
    if (!term) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    const pagefind = await load();
    const search = await pagefind.search(term, { filters: chosen() });
    const results = await Promise.all(search.results.slice(0, SHOWN).map((result) => result.data()));
    if (ticket === latest) show(term, results, search.results.length);
  };

  let pending = 0;
  input.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(run, 250);
  });
  form.addEventListener("change", (event) => {
    if (event.target !== input) run();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const kinds = new Set(params.getAll("type"));
  form.querySelectorAll("input[name=type]").forEach((box) => { box.checked = kinds.has(box.value); });
  if (twgSelect) twgSelect.value = params.get("twg") || "";
  if (input.value) run();
  else input.focus();
}
