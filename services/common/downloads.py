"""Open data as a file to download: the CSV tables and pabulib's ``.pb`` (CSV-like text)."""

from fastapi import Response


def csv_download(text: str, filename: str) -> Response:
    """``text`` as UTF-8 CSV that a browser saves as ``filename`` instead of showing it."""
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
