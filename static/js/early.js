// Run before the first paint: the navigation collapses behind its "Menu"
// button (site.js), so the page is laid out that way from the start and
// nothing moves once the deferred script runs.
document.documentElement.classList.add("has-nav-toggle");
