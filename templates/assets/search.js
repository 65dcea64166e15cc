// The search page. Nothing is fetched until there is something to look for; then Pagefind loads
// its small entry file and only the index chunks the words need. Works from the URL
// (?q=…&type=…&twg=…, one parameter per filter), so the header box and shared links land on results.
const form = document.querySelector("[data-nw-search]");

if (form) {
  const input = form.querySelector("input[name=q]");
  // Each list is a filter a content type declares (the TWGs): its name is the filter's and the parameter's.
  const selects = [...form.querySelectorAll("select")];
  const status = document.querySelector("[data-nw-search-status]");
  const list = document.querySelector("[data-nw-search-results]");
  const bundle = new URL(form.dataset.bundle, document.baseURI).href;
  // The page's own words and digits (generator/strings/<language>.yml, search_script), filled in by `say`.
  const locale = form.dataset.locale || "en-GB";
  const words = JSON.parse(form.dataset.words || "{}");
  const digits = new Intl.NumberFormat(locale, { useGrouping: false });
  const say = (key, values = {}) => (words[key] || key).replace(/\{(\w+)\}/g, (_, name) =>
    typeof values[name] === "number" ? digits.format(values[name]) : String(values[name] ?? ""));
  // A date known only to its month (2020-09) or year (2019) is shown so, never with a made-up day.
  const dates = {
    10: new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
    7: new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }),
    4: new Intl.DateTimeFormat(locale, { year: "numeric", timeZone: "UTC" }),
  };
  const dated = (iso) => (dates[iso.length] || dates[10]).format(new Date(iso));
  const pager = document.querySelector("[data-nw-search-pages]");
  // Results come in pages of this many; every result is reachable through the pages below them.
  const PER_PAGE = 20;
  let engine = null;
  let latest = 0;
  let pageNumber = 1;

  // A site over the files its host takes has its pages' texts packed a few to a file (generator/fast/search_packs.py):
  // Pagefind then asks for `fragment/<pack>-<start>-<length>.pf_fragment`, and gets those bytes of the pack, asked
  // for as a range. A host that sends whole files whatever is asked (Cloudflare Pages) sends the pack: it is kept,
  // for the other results whose texts are in it, and a pack is asked for once at a time until its host's way is
  // known. Pagefind fetches with the page's own `fetch`, and has no hook for it.
  const fragments = `${bundle}fragment/`;
  const packedName = /^(.+)-(\d+)-(\d+)\.pf_fragment$/;
  const pageFetch = window.fetch.bind(window);
  // A pack's address → a promise of its bytes if its host sent it whole, of null if it sent the range asked for.
  const packs = new Map();
  const fetchPacked = async (pack, start, length) => {
    const range = `${start}-${start + length - 1}`;
    const ask = async () => {
      const sent = await pageFetch(pack, { headers: { Range: `bytes=${range}` } });
      const told = sent.headers.get("Content-Range") || "";
      return { sent, answered: sent.status === 206 && told.startsWith(`bytes ${range}/`) };
    };
    const cut = (bytes) => new Response(bytes.slice(start, start + length));
    let whole = packs.get(pack);
    if (whole === undefined) {
      const first = ask();
      whole = first.then(async ({ sent, answered }) => {
        if (answered) return null;
        // A whole pack's first response is read here alone: the caller cuts its page from these bytes.
        const full = sent.status === 200 ? sent : await pageFetch(pack);
        if (!full.ok) throw new Error(`${pack}: ${full.status}`);
        return full.arrayBuffer();
      });
      packs.set(pack, whole);
      // A pack that did not arrive is asked for again by the next search.
      whole.catch(() => packs.delete(pack));
      const { sent, answered } = await first;
      if (answered) return sent;
    }
    const bytes = await whole;
    if (bytes !== null) return cut(bytes);
    const { sent, answered } = await ask();
    return answered || sent.status !== 200 ? sent : cut(await sent.arrayBuffer());
  };
  window.fetch = (input, init) => {
    // Pagefind asks by the path alone (/pagefind/fragment/…).
    const address = new URL(input instanceof Request ? input.url : String(input), document.baseURI).href;
    const packed = address.startsWith(fragments) && address.slice(fragments.length).match(packedName);
    if (!packed) return pageFetch(input, init);
    return fetchPacked(`${fragments}${packed[1]}.pf_pack`, Number(packed[2]), Number(packed[3]));
  };

  const load = async () => {
    if (!engine) {
      engine = await import(`${bundle}pagefind.js`);
      // On this page's own thread, not in Pagefind's web worker: its fetches can then be seen (`missed`), and a
      // reader's first search fetches one script fewer (12 KB).
      await engine.options({ excerptLength: 24, noWorker: true });
      engine.init();
    }
    return engine;
  };

  // Pagefind takes a word list it failed to fetch for words found nowhere, and says nothing: a search is checked
  // against the browser's record of the index files fetched since it began (where the browser gives their status).
  const missed = (since) => performance.getEntriesByType("resource").some((entry) => entry.startTime >= since
    && entry.name.startsWith(bundle) && (entry.responseStatus === 0 || entry.responseStatus >= 400));
  // The record holds 250 files unless emptied: a long visit's searches would go unchecked.
  performance.addEventListener("resourcetimingbufferfull", () => performance.clearResourceTimings());

  const chosen = () => {
    const filters = {};
    const kinds = [...form.querySelectorAll("input[name=type]:checked")].map((box) => box.value);
    if (kinds.length) filters.type = { any: kinds };
    selects.forEach((select) => { if (select.value) filters[select.name] = select.value; });
    return filters;
  };

  const remember = (term) => {
    const params = new URLSearchParams();
    if (term) params.set("q", term);
    form.querySelectorAll("input[name=type]:checked").forEach((box) => params.append("type", box.value));
    selects.forEach((select) => { if (select.value) params.set(select.name, select.value); });
    if (pageNumber > 1) params.set("page", String(pageNumber));
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  };

  const element = (name, className, text) => {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  // Links to every page of results: "Previous", the page numbers, "Next". Each is a real link (?…&page=N).
  const showPages = (total) => {
    const pages = Math.ceil(total / PER_PAGE);
    pager.replaceChildren();
    pager.hidden = pages < 2;
    if (pages < 2) return;
    const link = (number, text, rel) => {
      const params = new URLSearchParams(location.search);
      params.set("page", String(number));
      const anchor = element("a", "", text);
      anchor.href = `?${params}`;
      if (rel) anchor.rel = rel;
      anchor.addEventListener("click", (event) => {
        event.preventDefault();
        pageNumber = number;
        run().then(() => list.focus());
      });
      return anchor;
    };
    if (pageNumber > 1) pager.append(link(pageNumber - 1, say("previous"), "prev"));
    const numbers = element("ul");
    for (let number = 1; number <= pages; number++) {
      const item = element("li");
      if (number === pageNumber) {
        const current = element("span", "", digits.format(number));
        current.setAttribute("aria-current", "page");
        item.append(current);
      } else {
        const anchor = link(number, digits.format(number));
        anchor.setAttribute("aria-label", say("page", { number }));
        item.append(anchor);
      }
      numbers.append(item);
    }
    pager.append(numbers);
    if (pageNumber < pages) pager.append(link(pageNumber + 1, say("next"), "next"));
  };

  const show = (term, results, total, first) => {
    list.replaceChildren(
      ...results.map((result) => {
        const item = element("li", "nw-result");
        const heading = element("h2", "nw-result__title");
        const link = element("a", "", result.meta.title || result.url);
        link.href = result.url;
        heading.append(link);
        const facts = [result.filters.type && result.filters.type[0], result.meta.date && dated(result.meta.date)];
        const meta = element("p", "nw-result__meta", facts.filter(Boolean).join(" · "));
        const excerpt = element("p", "nw-result__excerpt");
        // Pagefind's excerpt is the page's text, escaped, with the matched words in <mark>.
        excerpt.innerHTML = result.excerpt;
        item.append(heading, meta, excerpt);
        return item;
      }),
    );
    list.start = first + 1;
    if (total === 0) status.textContent = say("none", { term });
    else if (total > PER_PAGE) status.textContent = say("paged", { total, term, first: first + 1, last: first + results.length });
    else status.textContent = say(total === 1 ? "one" : "many", { total, term });
    showPages(total);
  };

  // No results, and `text` said of it.
  const showNothing = (text) => {
    list.replaceChildren();
    status.textContent = text;
    showPages(0);
  };

  const run = async () => {
    const term = input.value.trim();
    remember(term);
    const ticket = ++latest;
    if (!term) {
      showNothing("");
      return;
    }
    status.textContent = say("searching");
    const began = performance.now();
    try {
      const pagefind = await load();
      // Bangla words differ by their vowel signs and hasanta, which Pagefind files together (নীতি, নিতে, নতুন): a
      // Bangla query asks for the words as written (generator/outputs/search_bangla.py), in the index's canonical form.
      const query = term.normalize("NFC").replace(/[\u200c\u200d]/g, "");
      await pagefind.options({ exactDiacritics: /[\u0980-\u09ff]/.test(query) });
      const search = await pagefind.search(query, { filters: chosen() });
      const total = search.results.length;
      pageNumber = Math.min(Math.max(1, pageNumber), Math.max(1, Math.ceil(total / PER_PAGE)));
      remember(term);
      const first = (pageNumber - 1) * PER_PAGE;
      const results = await Promise.all(search.results.slice(first, first + PER_PAGE).map((result) => result.data()));
      if (missed(began)) throw new Error("a file of the search index did not arrive");
      if (ticket === latest) show(term, results, total, first);
    } catch (error) {
      // A file of the index that did not arrive (a dropped connection, a site being published): the reader is told,
      // rather than left with "Searching…", and the next search starts a fresh Pagefind, which fetches the files
      // again (one keeps the files it failed to get as failed).
      console.error(error);
      const failed = engine;
      engine = null;
      if (failed) await failed.destroy().catch(() => {});
      if (ticket === latest) showNothing(say("failed", { term }));
    }
  };

  // A new query or filter starts again at the first page.
  const fresh = () => {
    pageNumber = 1;
    return run();
  };
  let pending = 0;
  input.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(fresh, 250);
  });
  form.addEventListener("change", (event) => {
    if (event.target !== input) fresh();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    fresh();
  });

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const kinds = new Set(params.getAll("type"));
  form.querySelectorAll("input[name=type]").forEach((box) => { box.checked = kinds.has(box.value); });
  selects.forEach((select) => { select.value = params.get(select.name) || ""; });
  pageNumber = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  if (input.value) run();
  else input.focus();
}
