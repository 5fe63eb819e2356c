package dev.autodiff.core.viz;

/** The style and the script that {@link StepperPage} inlines into every page. */
final class StepperAssets {
  private StepperAssets() {}

  // NOTE: system font stacks only: a web font would be a request, and the page must work with no network.
  static final String CSS = """
      body { font-family: system-ui, sans-serif; margin: 1.5em; color: #111827; }
      h1 { font-size: 1.3em; }
      h2 { font-size: 1.05em; margin: 0 0 0.5em 0; }
      #controls { margin: 0.5em 0 1em 0; }
      #controls button { font-size: 1em; padding: 0.3em 1.2em; }
      #position { display: inline-block; min-width: 8em; text-align: center; }
      .hint { color: #6b7280; margin-left: 1em; }
      #steps { min-height: 9em; }
      .step { border-left: 6px solid #1d4ed8; padding: 0.4em 1em; background: #eff6ff; }
      .step.backward { border-left-color: #b91c1c; background: #fef2f2; }
      .line { margin: 0.4em 0 0.8em 0; }
      .line code { display: block; font-family: ui-monospace, monospace; font-size: 0.95em; }
      /* Block math is centred; inline math at display size sits under its text line, on the left. */
      .line math { display: inline math; math-style: normal; font-size: 1.25em; margin: 0.3em 0; }
      #drawing svg { max-width: 100%; height: auto; }
      #drawing g.node.current > polygon, #drawing g.node.current > ellipse, #drawing g.node.current > path {
        fill: #fde047; stroke: #a16207; stroke-width: 3px; }
      #drawing g.node.receives > polygon, #drawing g.node.receives > ellipse, #drawing g.node.receives > path {
        stroke: #b91c1c; stroke-width: 3px; }
      """;

  static final String SCRIPT = """
      (function () {
        'use strict';
        var steps = Array.prototype.slice.call(document.querySelectorAll('#steps .step'));
        var nodes = {};
        document.querySelectorAll('#drawing g.node').forEach(function (g) {
          var title = g.querySelector('title');
          if (title) { nodes[title.textContent.trim()] = g; }
        });
        var prev = document.getElementById('prev');
        var next = document.getElementById('next');
        var at = 0;
        function mark(ids, name) {
          ids.split(' ').forEach(function (id) { if (nodes[id]) { nodes[id].classList.add(name); } });
        }
        function show(k) {
          at = Math.max(0, Math.min(steps.length - 1, k));
          steps.forEach(function (s, i) { s.hidden = i !== at; });
          Object.keys(nodes).forEach(function (id) { nodes[id].classList.remove('current', 'receives'); });
          mark(steps[at].dataset.node, 'current');
          mark(steps[at].dataset.receivers, 'receives');
          document.getElementById('position').textContent = 'step ' + (at + 1) + ' of ' + steps.length;
          prev.disabled = at === 0;
          next.disabled = at === steps.length - 1;
        }
        prev.addEventListener('click', function () { show(at - 1); });
        next.addEventListener('click', function () { show(at + 1); });
        document.addEventListener('keydown', function (e) {
          var to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1,
            Home: 0, End: steps.length - 1 }[e.key];
          if (to !== undefined) { e.preventDefault(); show(to); }
        });
        show(0);
      })();
      """;
}
