// The matrix page's style sheet, inlined into the page (system fonts only).
export const MATRIX_PAGE_CSS = `
:root { --pass: #1a7f37; --pass-bg: #dafbe1; --xfail: #8a5a00; --xfail-bg: #fff1c2; --bad: #b01c2b; --bad-bg: #ffd7d9;
  --skip: #57606a; --skip-bg: #eef1f4; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1rem 1.5rem; color: #1f2328; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.meta { color: var(--skip); margin: 0 0 .75rem; }
.legend span, .badge { display: inline-block; padding: 0 .5em; border-radius: 3px; margin-right: .5em; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: .75rem 0; }
.filters label { display: flex; gap: .35rem; align-items: center; }
table { border-collapse: collapse; }
#matrix th, #matrix td { border: 1px solid var(--line); padding: 2px 6px; }
#matrix thead th { position: sticky; top: 0; background: #f6f8fa; z-index: 1; vertical-align: bottom; }
#matrix thead th.target { font-weight: 600; white-space: nowrap; }
#matrix thead th.target.stale { color: var(--xfail); }
#matrix thead th.target small { display: block; font-weight: 400; color: var(--skip); }
tr.area-row th, tr.area-row td { background: #f0f3f6; }
tr.area-row th { text-align: left; }
th.req-id { text-align: left; white-space: nowrap; font-weight: 600; }
th.req-id small { color: var(--skip); font-weight: 400; margin-left: .3em; }
td.statement { max-width: 30em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
td.cell { text-align: center; cursor: pointer; min-width: 2.5em; font-weight: 700; }
td.cell:focus { outline: 2px solid #0969da; outline-offset: -2px; }
td.totals { white-space: nowrap; font-size: 12px; text-align: center; }
tfoot th, tfoot td { background: #f6f8fa; font-weight: 600; }
.n-pass { color: var(--pass); } .n-fail { color: var(--bad); } .n-skip { color: var(--skip); }
.n-unexpected { color: #fff; background: var(--bad); border-radius: 3px; padding: 0 .3em; }
.kind-pass { color: var(--pass); background: var(--pass-bg); }
.kind-xfail { color: var(--xfail); background: var(--xfail-bg); }
.kind-unexpected { color: var(--bad); background: var(--bad-bg); }
.kind-skip { color: var(--skip); background: var(--skip-bg); }
#details { position: fixed; right: 1rem; top: 1rem; bottom: 1rem; width: min(40rem, 45vw); overflow: auto; background: #fff;
  border: 1px solid var(--line); box-shadow: 0 8px 24px rgba(0,0,0,.15); padding: .75rem 1rem; z-index: 2; }
#details h2 { margin-top: 0; }
#details h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
#details-close { float: right; }
pre.message { white-space: pre-wrap; word-break: break-word; background: #f6f8fa; padding: .5rem; border-radius: 4px; max-height: 20rem; overflow: auto; }
.verdict { margin: 0; }
.status-fail { color: var(--bad); } .status-pass { color: var(--pass); } .status-skip { color: var(--skip); }
#history-table th, #history-table td { border: 1px solid var(--line); padding: 2px 6px; text-align: left; }
[hidden] { display: none !important; }
`;
