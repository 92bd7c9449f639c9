"""Hostile and damaged import inputs, built byte by byte (shared by tests/security/test_import_*).

Each builder makes the file an attacker or a careless exporter would hand the importer:
PNGs that declare more pixels than they hold, a GIF with HTML appended, XLSX archives
whose sheet XML is written here by hand (merged ranges over the whole sheet, zip bombs,
rows past Excel's last row), and so on.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from tests.catalog_import.conftest import HEADER, annex_row

# ---------------------------------------------------------------- images


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width × height`` RGB pixels (data truncated)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"\0" * 8)) + _png_chunk(b"IEND", b""))


def png_bomb(side: int) -> bytes:
    """A complete, valid ``side × side`` black RGB PNG: a few hundred KB that decode to
    ``3 × side²`` bytes."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + 3 * side)  # filter byte + pixels
    parts = [compressor.compress(row) for _ in range(side)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", b"".join(parts)) + _png_chunk(b"IEND", b""))


def gif_with_html() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "GIF")
    return out.getvalue() + b"<html><body><script>alert(document.cookie)</script></body></html>"


def png(width: int = 40, height: int = 30) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


# ---------------------------------------------------------------- XLSX

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
       'package/2006/content-types"><Default Extension="rels" ContentType="application/'
       'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
       '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
       'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
       '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
         'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
       'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
       'officeDocument/2006/relationships"><sheets><sheet name="Phụ lục" sheetId="1" '
       'r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>')
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _col(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sheet_row(number: int, values: list[object]) -> str:
    cells = []
    for i, value in enumerate(values, start=1):
        if value is None:
            continue
        ref = f"{_col(i)}{number}"
        if isinstance(value, int | float):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{_escape(str(value))}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def xlsx_from_sheet_xml(rows_xml: str | bytes, *, merges: list[str] = (),
                        dimension: str = "A1", sheet_parts: tuple[bytes, ...] | None = None,
                        compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An XLSX whose only sheet has the given ``<row>`` XML (text, or bytes chunks)."""
    merge_xml = ""
    if merges:
        merge_xml = f'<mergeCells count="{len(merges)}">' + "".join(
            f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><dimension ref="{dimension}"/><sheetData>'
    tail = f"</sheetData>{merge_xml}</worksheet>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", _CT)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WB)
        archive.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head.encode())
            for part in sheet_parts or (rows_xml.encode() if isinstance(rows_xml, str)
                                        else rows_xml,):
                sheet.write(part)
            sheet.write(tail.encode())
    return out.getvalue()


def annex_sheet_rows(count: int, start: int = 2, **overrides) -> str:
    rows = [sheet_row(1, HEADER)]
    for n in range(1, count + 1):
        row = annex_row(n, **overrides)
        rows.append(sheet_row(start + n - 1, [row[h] for h in HEADER]))
    return "".join(rows)


def xlsx_whole_sheet_merge() -> bytes:
    """≈1.6 KB: a header, one product, and a merge of every cell Excel has."""
    return xlsx_from_sheet_xml(annex_sheet_rows(1), merges=["A1:XFD1048576"],
                               dimension="A1:XFD1048576")


def xlsx_zip_bomb(uncompressed_mb: int) -> bytes:
    """A valid XLSX whose sheet inflates to ``uncompressed_mb`` MB of empty formatted rows."""
    chunk = ('<row r="1" s="1" customFormat="1"/>' * 30000).encode()
    parts = [annex_sheet_rows(1).encode()] + [chunk] * (uncompressed_mb * 1024 * 1024
                                                      // len(chunk))
    return xlsx_from_sheet_xml("", sheet_parts=tuple(parts))


def xlsx_wide_header(columns: int) -> bytes:
    values = list(HEADER) + [f"Cột {i}" for i in range(columns - len(HEADER))]
    return xlsx_from_sheet_xml(sheet_row(1, values) + sheet_row(2, list(annex_row(1).values())))


def xlsx_rows_past_excel(last_row: int = 1_048_577) -> bytes:
    """Two good products, then a cell on a row Excel cannot even have."""
    return xlsx_from_sheet_xml(annex_sheet_rows(2) + sheet_row(last_row, ["Tràn", "Dòng"]))


def xlsx_billion_laughs() -> bytes:
    entities = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>"
    body = annex_sheet_rows(1).replace("Trà atiso số 1", "&i;")
    xml = f'<?xml version="1.0"?>{entities}<worksheet {_NS}><sheetData>{body}</sheetData></worksheet>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WB)
        archive.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    return out.getvalue()


# ---------------------------------------------------------------- text for fuzzing

_SURROGATES = re.compile("[\ud800-\udfff]")
# Characters XML 1.0 cannot hold at all (a spreadsheet program cannot write them either).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def strip_surrogates(text: str) -> str:
    return _SURROGATES.sub("", text)


def strip_xml_illegal(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)
