"""Import the school directory from a GIAS establishment export: upsert by URN, report every rejected row.

A second run of the same file changes nothing. Rows that cannot be used are reported with their line
number and the reason, and the good rows are still imported. Only a file that cannot be read at all
(missing, wrong encoding, not a GIAS export) stops the import, and then nothing changes.
"""
import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from accounts.models import Area
from foundation.errors import ServiceError

from . import gias
from .models import School, SchoolStatus

# Fields the import sets; email domains and the area chosen by staff are kept unless empty.
IMPORTED_FIELDS = [
    "name", "establishment_type", "phase", "statutory_low_age", "statutory_high_age", "local_authority",
    "street", "locality", "address3", "town", "postcode", "status", "website",
]


# A value that would run as a formula in a spreadsheet once leading spaces and tabs are stripped
# (`\t=1+1` becomes `=1+1`): stored, it would reach every export and every page that is copied into one.
FORMULA = re.compile(r"^(?:[=+@]|-(?=\S))")
TEXT_COLUMNS = {
    "EstablishmentName": "name", "TypeOfEstablishment (name)": "type", "PhaseOfEducation (name)": "phase",
    "LA (name)": "local authority", "Street": "street", "Locality": "locality", "Address3": "address",
    "Town": "town", "SchoolWebsite": "website",
}


class ImportFileError(ServiceError):
    """The file cannot be read as a GIAS export; the message says why and what to do."""


@dataclass(frozen=True)
class RejectedRow:
    line: int
    urn: str
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


@dataclass
class ImportResult:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0  # schools that this run marked closed
    other_areas: int = 0  # rows left out by the local authority filter
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        if not self.changed:
            kept = self.unchanged
            text = f"No changes: all {kept} school{'s' if kept != 1 else ''} in the file are already up to date."
        else:
            text = (
                f"{self.created} school{'s' if self.created != 1 else ''} added, {self.updated} updated, "
                f"{self.unchanged} unchanged; {self.closed} marked closed."
            )
        if self.other_areas:
            text += f" {self.other_areas} row{'s' if self.other_areas != 1 else ''} for other local authorities left out."
        if self.rejected:
            text += f" {len(self.rejected)} row{'s' if len(self.rejected) != 1 else ''} rejected."
        return text


CHUNK_BYTES = 1 << 16
BATCH = 1000  # schools looked up and written at a time, so memory stays flat however long the file


def _check_bytes(path: Path, encoding: str) -> None:
    """Read the file once, in pieces, for what makes it unreadable: zero bytes, the wrong encoding.

    The import then reads it a second time to parse it, so nothing is held in memory but one piece.
    """
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError as exc:
        raise ImportFileError(f"{encoding!r} is not an encoding this import knows.") from exc
    windows_1252 = encoding.lower().replace("-", "") in ("cp1252", "windows1252")
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_ok, high_bytes = True, False
    offset, lines = 0, 1
    try:
        handle = open(path, "rb")
    except FileNotFoundError as exc:
        raise ImportFileError(f"There is no file at {path}.") from exc
    except IsADirectoryError as exc:
        raise ImportFileError(f"{path} is a folder, not a file.") from exc
    except OSError as exc:
        raise ImportFileError(f"The file {path} cannot be opened: {exc.strerror or exc}.") from exc
    with handle:
        while chunk := handle.read(CHUNK_BYTES):
            zero = chunk.find(b"\x00")
            if zero != -1:
                if offset + zero < 4096:
                    raise ImportFileError(
                        "This file is not plain text (it may be a spreadsheet or UTF-16 text). "
                        "Use the CSV file exactly as downloaded from Get Information About Schools."
                    )
                # A database cannot store a zero byte in text, and a GIAS export never has one.
                line = lines + chunk.count(b"\n", 0, zero)
                raise ImportFileError(
                    f"Line {line} of the file contains a zero byte (a NUL "
                    "character), so the file is damaged. Nothing was imported. Download the CSV file again "
                    "from Get Information About Schools."
                )
            lines += chunk.count(b"\n")
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    f"This file is not in the {encoding} encoding (byte {offset + exc.start + 1} cannot be read). "
                    "Use the CSV file exactly as downloaded from Get Information About Schools."
                ) from exc
            if windows_1252 and utf8_ok and any(b > 0x7F for b in chunk):
                high_bytes = True
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
            elif windows_1252 and utf8_ok:
                utf8.decode(chunk)
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"This file is not in the {encoding} encoding (its last bytes cannot be read). "
            "Use the CSV file exactly as downloaded from Get Information About Schools."
        ) from exc
    if windows_1252 and high_bytes and utf8_ok:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            return
        # Text with accents saved as UTF-8 would import as nonsense ("St MaryÃ¢â‚¬â„¢s") in Windows-1252.
        raise ImportFileError(
            "This file is in UTF-8, but the GIAS export is Windows-1252, so names would be garbled. "
            "Use the file as downloaded from GIAS, or run the import again with --encoding utf-8."
        )


def _read(path: Path, encoding: str) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of the file one at a time, as (line, {column: value}) for the columns the import reads.

    Call `_check_bytes` first: this reads on the understanding that the bytes decode.
    """
    with open(path, encoding=encoding, newline="") as handle:
        if handle.read(1) != "\ufeff":
            handle.seek(0)
        reader = csv.reader(handle)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration as exc:
            raise ImportFileError("The file is empty.") from exc
        except csv.Error as exc:
            raise ImportFileError(f"The file is not a CSV file: {exc}.") from exc
        missing = [name for name in gias.REQUIRED if name not in header]
        if missing:
            raise ImportFileError(
                "This is not a GIAS establishment export: it has no "
                + ", ".join(f'"{name}"' for name in missing[:5])
                + (f" (and {len(missing) - 5} more)" if len(missing) > 5 else "")
                + " column. Download the establishment fields CSV from Get Information About Schools."
            )
        # Only the columns the import reads are kept: a GIAS row has well over a hundred.
        wanted = [(name, header.index(name)) for name in gias.REQUIRED]
        try:
            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                yield reader.line_num, {
                    name: (values[index].strip() if index < len(values) else "") for name, index in wanted
                }
        except csv.Error as exc:
            raise ImportFileError(f"Line {reader.line_num} of the file cannot be read as CSV: {exc}.") from exc


def _age(value: str) -> int | None:
    return int(value) if value.isdigit() and int(value) < 100 else None


def _website(value: str) -> str:
    if not value:
        return ""
    url = value if "://" in value else f"http://{value}"
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""  # A broken website address is not a reason to leave the school out.
    return url[:300]


def _domain_from_website(url: str) -> str:
    return gias.email_domain_from_website(url)


def _parse(line: int, row: dict[str, str]) -> tuple[dict | None, RejectedRow | None]:
    urn_text = row["URN"]
    if not urn_text:
        return None, RejectedRow(line, "", "the URN is missing.")
    if not urn_text.isdigit() or int(urn_text) == 0 or int(urn_text) > 2_147_483_647:
        return None, RejectedRow(line, urn_text, f'the URN "{urn_text}" is not a number (URNs are whole numbers).')
    urn = int(urn_text)
    name = row["EstablishmentName"]
    if not name:
        return None, RejectedRow(line, urn_text, f"school {urn} has no name.")
    postcode = ""
    if row["Postcode"]:
        postcode = gias.postcode_normalise(row["Postcode"])
        if postcode is None:
            return None, RejectedRow(line, urn_text, f'the postcode "{row["Postcode"]}" of school {urn} is not a UK postcode.')
    low, high = _age(row["StatutoryLowAge"]), _age(row["StatutoryHighAge"])
    if low is not None and high is not None and low > high:
        low, high = None, None  # A reversed range tells us nothing; the rest of the row is good.
    for column in TEXT_COLUMNS:
        if FORMULA.match(row[column]):
            # A spreadsheet would run it; GIAS never publishes one, so the file has been tampered with.
            return None, RejectedRow(line, urn_text, f'the {TEXT_COLUMNS[column]} of school {urn} starts like a '
                                                     f'spreadsheet formula ("{row[column][:20]}"), which GIAS never '
                                                     "publishes, so the row was left out.")
    closed = row["EstablishmentStatus (name)"].strip().lower() == "closed"
    return {
        "urn": urn,
        "name": name[:200],
        "establishment_type": row["TypeOfEstablishment (name)"][:100],
        "phase": row["PhaseOfEducation (name)"][:100],
        "statutory_low_age": low,
        "statutory_high_age": high,
        "local_authority": row["LA (name)"][:100],
        "street": row["Street"][:200],
        "locality": row["Locality"][:200],
        "address3": row["Address3"][:200],
        "town": row["Town"][:100],
        "postcode": postcode,
        "status": SchoolStatus.CLOSED if closed else SchoolStatus.OPEN,
        "website": _website(row["SchoolWebsite"]),
    }, None


@transaction.atomic
def schools_import(*, path: str | Path, local_authorities: list[str] | None = None, encoding: str = gias.ENCODING) -> ImportResult:
    """Create or update schools from a GIAS export. Raises ImportFileError, changing nothing, if it cannot be read.

    The file is read as a stream and written a batch at a time, so memory does not grow with its length;
    an unreadable line late in the file still changes nothing, since it all happens in one transaction.
    """
    path = Path(path)
    _check_bytes(path, encoding)  # an unreadable file is refused before anything else is looked at
    wanted = {la.strip().lower() for la in local_authorities or [] if la.strip()}
    areas = {area.name.lower(): area for area in Area.objects.all()}
    result = ImportResult()
    first_line: dict[int, int] = {}  # URN -> the line it was first read on
    batch: list[dict] = []
    now = timezone.now()
    for line, row in _read(path, encoding):
        result.rows_read += 1
        if wanted and row["LA (name)"].lower() not in wanted:
            result.other_areas += 1
            continue
        values, rejected = _parse(line, row)
        if rejected is not None:
            result.rejected.append(rejected)
            continue
        urn = values["urn"]
        if urn in first_line:
            result.rejected.append(
                RejectedRow(line, str(urn), f"URN {urn} appears twice; the row on line {first_line[urn]} was used.")
            )
            continue
        first_line[urn] = line
        batch.append(values)
        if len(batch) >= BATCH:
            _write_batch(batch, areas=areas, now=now, result=result)
            batch = []
    if batch:
        _write_batch(batch, areas=areas, now=now, result=result)
    return result


def _write_batch(batch: list[dict], *, areas: dict, now, result: ImportResult) -> None:
    existing = School.objects.in_bulk([values["urn"] for values in batch], field_name="urn")
    to_create, to_update = [], []
    for values in batch:
        area = areas.get(values["local_authority"].lower())
        school = existing.get(values["urn"])
        if school is None:
            school = School(**values, area=area, email_domains=_domain_from_website(values["website"]))
            school.refresh_search_text()
            to_create.append(school)
            continue
        changed = [name for name in IMPORTED_FIELDS if getattr(school, name) != values[name]]
        if school.area_id is None and area is not None:
            changed.append("area")
        if not school.email_domains and _domain_from_website(values["website"]):
            changed.append("email_domains")
        if not changed:
            result.unchanged += 1
            continue
        if values["status"] == SchoolStatus.CLOSED and school.status != SchoolStatus.CLOSED:
            result.closed += 1
        for name in IMPORTED_FIELDS:
            setattr(school, name, values[name])
        if "area" in changed:
            school.area = area
        if "email_domains" in changed:
            school.email_domains = _domain_from_website(values["website"])
        school.refresh_search_text()
        school.updated_at = now  # bulk_update does not apply auto_now
        to_update.append(school)
    School.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        School.objects.bulk_update(
            to_update, IMPORTED_FIELDS + ["area", "email_domains", "search_text", "updated_at"], batch_size=500
        )
    result.created += len(to_create)
    result.updated += len(to_update)
    result.closed += sum(1 for school in to_create if school.status == SchoolStatus.CLOSED)
