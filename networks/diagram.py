"""The reporting lines between networks as an SVG drawn on the server: layers from the top
(networks that report to no one) downwards, an arrow per line (solid: reports to; dashed:
prepares matters for), each box a link to the network's page. The page shows the same
lines as a list, so the picture is never the only way to read them."""

from django.utils.html import escape
from django.utils.translation import gettext as _

BOX_W, BOX_H = 210, 46
GAP_X, GAP_Y = 30, 80
MARGIN = 20


def _layers(nodes: dict, edges: list) -> dict:
    """Depth of each node: 0 for nodes with no line upwards, else 1 + the deepest target."""
    up: dict[int, set[int]] = {pk: set() for pk in nodes}
    for source, target, _kind in edges:
        up[source].add(target)
    depth: dict[int, int] = {}

    def visit(pk, trail=()):
        if pk in depth:
            return depth[pk]
        if pk in trail:  # a loop (prepares_for lines are not checked for cycles): cut it
            return 0
        targets = up.get(pk, ())
        depth[pk] = 0 if not targets else 1 + max(visit(t, (*trail, pk)) for t in targets)
        return depth[pk]

    for pk in nodes:
        visit(pk)
    return depth


def _wrap(text: str, width: int = 26) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:2] if len(lines) <= 2 else [lines[0], lines[1][: width - 1] + "…"]


def reporting_lines_svg(lines, *, title: str, description: str) -> str:
    """`lines`: NetworkLine objects with source and target loaded."""
    nodes, edges = {}, []
    for line in lines:
        nodes[line.source_id] = line.source
        nodes[line.target_id] = line.target
        edges.append((line.source_id, line.target_id, line.kind))
    if not nodes:
        return ""
    depth = _layers(nodes, edges)
    rows: dict[int, list] = {}
    for pk, _network in sorted(nodes.items(), key=lambda item: item[1].name):
        rows.setdefault(depth[pk], []).append(pk)
    widest = max(len(r) for r in rows.values())
    width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X
    height = MARGIN * 2 + len(rows) * BOX_H + (len(rows) - 1) * GAP_Y + 30
    pos = {}
    for level, pks in rows.items():
        row_w = len(pks) * BOX_W + (len(pks) - 1) * GAP_X
        x0 = (width - row_w) / 2
        for i, pk in enumerate(pks):
            pos[pk] = (x0 + i * (BOX_W + GAP_X), MARGIN + level * (BOX_H + GAP_Y))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network-diagram" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="group" aria-labelledby="diagram-title" '
        'aria-describedby="diagram-desc">',
        f'<title id="diagram-title">{escape(title)}</title>',
        f'<desc id="diagram-desc">{escape(description)}</desc>',
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1b1b1b"/></marker>'
        "</defs>",
    ]
    for source, target, kind in edges:
        sx, sy = pos[source]
        tx, ty = pos[target]
        x1, y1 = sx + BOX_W / 2, sy
        x2, y2 = tx + BOX_W / 2, ty + BOX_H
        if sy <= ty:  # same or upward-pointing layer order (a loop): route from the side
            x1, y1 = sx + BOX_W, sy + BOX_H / 2
            x2, y2 = tx, ty + BOX_H / 2
        dash = ' stroke-dasharray="6 4"' if kind == "prepares_for" else ""
        out.append(
            f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="#1b1b1b" '
            f'stroke-width="2"{dash} marker-end="url(#arrow)"/>'
        )
    for pk, network in nodes.items():
        x, y = pos[pk]
        label = str(network.short_name or network.name)
        text_lines = _wrap(label)
        out.append(f'<a href="{escape(network.get_absolute_url())}">')
        out.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="#ffffff" '
            f'stroke="#005a9c" stroke-width="2"/>'
        )
        first_y = y + BOX_H / 2 + 5 - (len(text_lines) - 1) * 8
        for i, text in enumerate(text_lines):
            out.append(
                f'<text x="{x + BOX_W / 2:.0f}" y="{first_y + i * 16:.0f}" text-anchor="middle" '
                f'font-size="14" fill="#003e6b">{escape(text)}</text>'
            )
        out.append("</a>")
    legend_y = height - 12
    reports_to, prepares_for = escape(_("rapporterar till")), escape(_("bereder ärenden för"))
    out.append(
        f'<line x1="{MARGIN}" y1="{legend_y - 4}" x2="{MARGIN + 40}" y2="{legend_y - 4}" stroke="#1b1b1b" '
        'stroke-width="2" marker-end="url(#arrow)"/>'
        f'<text x="{MARGIN + 48}" y="{legend_y}" font-size="13" fill="#1b1b1b">{reports_to}</text>'
        f'<line x1="{MARGIN + 180}" y1="{legend_y - 4}" x2="{MARGIN + 220}" y2="{legend_y - 4}" stroke="#1b1b1b" '
        'stroke-width="2" stroke-dasharray="6 4" marker-end="url(#arrow)"/>'
        f'<text x="{MARGIN + 228}" y="{legend_y}" font-size="13" fill="#1b1b1b">{prepares_for}</text>'
    )
    out.append("</svg>")
    return "\n".join(out)
