/*
 * The overview's stylesheet, served as a file (/overview/assets/overview.css) so the
 * Content-Security-Policy needs no inline styles. Colours meet WCAG AA contrast (most AAA) on
 * their backgrounds; focus is a thick two-colour ring that shows on light and dark.
 */
export const OVERVIEW_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.5; color: #1b1b1b; background: #f4f6f8; }
a { color: #0b4f8a; text-underline-offset: 0.15em; }
a:visited { color: #5a2a82; }
a:hover { color: #062f54; text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; box-shadow: 0 0 0 6px #ffdd00; }
.skip-link { position: absolute; left: 0.5rem; top: -4rem; padding: 0.5rem 1rem; background: #ffdd00; color: #1b1b1b; font-weight: 600; z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.site-header { background: #0b2d4f; color: #fff; }
.site-header .bar { max-width: 80rem; margin: 0 auto; padding: 0.75rem 1.5rem; display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; align-items: center; justify-content: space-between; }
.site-name { font-size: 1.125rem; font-weight: 700; color: #fff; text-decoration: none; }
.site-header a, .site-header a:visited { color: #fff; }
.site-header nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; }
.site-header nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
main { display: block; max-width: 80rem; margin: 0 auto; padding: 1.5rem; }
main:focus { outline: none; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0.5rem 0 0.75rem; }
h2 { font-size: 1.375rem; margin: 2rem 0 0.75rem; }
.lead { font-size: 1.125rem; max-width: 48rem; margin-top: 0; }
.panel { background: #fff; border: 1px solid #c9d1d9; border-radius: 4px; padding: 1rem 1.25rem; }
.panel + .panel { margin-top: 1rem; }
.panel h3 { margin: 0.25rem 0 0.5rem; font-size: 1.2rem; }
.filters h2 { margin-top: 0; font-size: 1.25rem; }
.field { margin: 0 0 1rem; }
.checkbox-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0 1.5rem; }
.filter-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0 1.25rem; align-items: start; }
.hint.after { margin: 0.25rem 0 0; }
.results { margin-top: 1.5rem; }
.field label, .field legend { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.hint { display: block; color: #4a5560; font-size: 0.9rem; margin-bottom: 0.25rem; }
fieldset { border: 0; margin: 0 0 1rem; padding: 0; }
legend { padding: 0; }
.checkbox { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.25rem 0; }
.checkbox input { width: 1.25rem; height: 1.25rem; margin: 0.15rem 0 0; flex: none; }
.checkbox label { font-weight: 400; margin: 0; }
select, input[type="number"] { width: 100%; font: inherit; padding: 0.4rem 0.5rem; border: 2px solid #1b1b1b; border-radius: 0; background: #fff; color: #1b1b1b; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: center; }
button { font: inherit; font-weight: 600; padding: 0.5rem 1rem; color: #fff; background: #00703c; border: 0; border-bottom: 3px solid #002d18; border-radius: 2px; cursor: pointer; }
button:hover { background: #005a30; }
.results-bar { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; justify-content: space-between; margin-bottom: 0.75rem; }
.results-bar p { margin: 0; font-weight: 600; }
.downloads { display: flex; gap: 1rem; align-items: baseline; margin: 0; }
.downloads h2 { font-size: 1rem; margin: 0; }
.downloads ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; }
.table-wrap + .table-wrap { margin-top: 2rem; }
.table-wrap { overflow-x: auto; background: #fff; border: 1px solid #c9d1d9; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 700; font-size: 1.125rem; padding: 0.75rem 1rem; }
th, td { text-align: left; vertical-align: top; padding: 0.6rem 0.75rem; border-top: 1px solid #dde3e8; }
thead th { background: #e8edf2; border-top: 0; font-size: 0.95rem; }
tbody th { font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
.sub { display: block; color: #4a5560; font-weight: 400; font-size: 0.9rem; }
.tags { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }
.tag { display: inline-block; padding: 0.05rem 0.45rem; font-size: 0.85rem; border: 1px solid #8a4b00; background: #fff4e5; color: #5c3200; border-radius: 3px; }
.tag.level { border-color: #0b4f8a; background: #eaf2fb; color: #0b3b66; }
.muted { color: #4a5560; }
.notice { border-left: 6px solid #0b4f8a; background: #eaf2fb; padding: 0.75rem 1rem; margin: 1rem 0; max-width: 48rem; }
.notice.warning { border-color: #8a4b00; background: #fff4e5; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.4rem 1.5rem; margin: 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.answers { margin: 0; }
.answers div { display: grid; gap: 0.1rem 1.5rem; padding: 0.6rem 0; border-top: 1px solid #dde3e8; }
@media (min-width: 48rem) { .answers div { grid-template-columns: 22rem 1fr; } }
.answers dt { font-weight: 600; }
.answers dd { margin: 0; white-space: pre-line; overflow-wrap: anywhere; }
.back { display: inline-block; margin-bottom: 0.5rem; }
.problems { margin: 0.5rem 0 1.25rem; padding-left: 1.25rem; }
.problems li { margin: 0.25rem 0; }
.error-page h1 { color: #8a1c1c; }
.site-footer { max-width: 80rem; margin: 2rem auto 0; padding: 1rem 1.5rem 2rem; color: #4a5560; font-size: 0.9rem; border-top: 1px solid #c9d1d9; }
.site-footer p { max-width: 48rem; margin: 0; }
`;
