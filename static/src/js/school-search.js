// Find your school: show matching schools as the person types. The form works without this script.
const form = document.querySelector("[data-school-search]");
const results = document.getElementById("school-search-results");

if (form && results) {
  const input = form.querySelector("input[name=q]");
  let timer = null;
  let latest = 0;

  const search = async () => {
    const query = input.value.trim();
    if (query.length < 2) return;
    const ticket = ++latest;
    const url = `${form.action}?q=${encodeURIComponent(query)}&partial=1`;
    try {
      const response = await fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" });
      if (!response.ok || ticket !== latest) return;
      results.innerHTML = await response.text();
      history.replaceState(null, "", `${form.action}?q=${encodeURIComponent(query)}`);
    } catch {
      // The Search button still works.
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
}
