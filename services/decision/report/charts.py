"""Bar charts as inline SVG, drawn on the server: the report reads in any browser, prints,
and needs no JavaScript."""

from html import escape

WIDTH = 680
LABEL_WIDTH = 230
VALUE_WIDTH = 110
ROW = 26


HIDDEN = "dold"


def bar_chart(title: str, bars: list[tuple[str, int | None]], unit: str = "") -> str:
    """Horizontal bars, longest for the largest value; ``bars`` are (label, value) pairs. A
    ``None`` value (a group hidden as too small) gets no bar and the word "dold"."""
    if not bars:
        return f'<p class="empty">{escape(title)}: inga uppgifter.</p>'
    largest = max(value or 0 for _, value in bars) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW * len(bars) + 8
    rows = []
    for index, (label, value) in enumerate(bars):
        y = 4 + index * ROW
        length = round(span * (value or 0) / largest)
        shown = HIDDEN
        if value is not None:
            shown = f"{value:,}".replace(",", " ") + (f" {unit}" if unit else "")
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" height="{ROW - 8}" rx="2"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 17}">{escape(shown)}</text>'
        )
    return (
        f"<figure><figcaption>{escape(title)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">'
        f"{''.join(rows)}</svg></figure>"
    )
