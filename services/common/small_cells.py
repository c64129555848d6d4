"""Small-cell suppression for published counts (participation, survey results): a group with
fewer than ``min_cell`` people (but more than none) is shown as ``null``; if that leaves a
single hidden group, or hidden groups with fewer than ``min_cell`` people together, the next
smallest groups are hidden too, since the published total would otherwise give the hidden
count away; groups of nobody are hidden last, and only when nothing else is left."""

from sqlmodel import SQLModel


class GroupCounts(SQLModel):
    counts: dict[str, int | None]
    suppressed: bool


def suppress_small_cells(counts: dict[str, int], min_cell: int) -> GroupCounts:
    """The counts with small groups hidden (``None``), as the module docstring explains."""
    hidden = {name for name, count in counts.items() if 0 < count < min_cell}
    if hidden:
        visible = [name for name in counts if name not in hidden]
        # Voters first, smallest first; empty groups only when no group with voters is left.
        visible.sort(key=lambda name: (counts[name] == 0, counts[name]))
        while visible and (len(hidden) < 2 or sum(counts[n] for n in hidden) < min_cell):
            hidden.add(visible.pop(0))
    shown = {name: None if name in hidden else count for name, count in counts.items()}
    return GroupCounts(counts=shown, suppressed=bool(hidden))
