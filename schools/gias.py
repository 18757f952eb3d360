"""The layout of the Get Information About Schools (GIAS) establishment export, and postcode rules."""
import re
from urllib.parse import urlsplit

# The header of the "all establishment data" export (edubasealldata*.csv) as GIAS publishes it.
COLUMNS = [
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
    "TypeOfEstablishment (code)", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)", "EstablishmentStatus (code)", "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)", "ReasonEstablishmentOpened (name)", "OpenDate",
    "ReasonEstablishmentClosed (code)", "ReasonEstablishmentClosed (name)", "CloseDate",
    "PhaseOfEducation (code)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
    "Boarders (code)", "Boarders (name)", "NurseryProvision (name)", "OfficialSixthForm (code)",
    "OfficialSixthForm (name)", "Gender (code)", "Gender (name)", "ReligiousCharacter (code)",
    "ReligiousCharacter (name)", "ReligiousEthos (name)", "Diocese (code)", "Diocese (name)",
    "AdmissionsPolicy (code)", "AdmissionsPolicy (name)", "SchoolCapacity", "SpecialClasses (code)",
    "SpecialClasses (name)", "CensusDate", "NumberOfPupils", "NumberOfBoys", "NumberOfGirls", "PercentageFSM",
    "TrustSchoolFlag (code)", "TrustSchoolFlag (name)", "Trusts (code)", "Trusts (name)",
    "SchoolSponsorFlag (name)", "SchoolSponsors (name)", "FederationFlag (name)", "Federations (code)",
    "Federations (name)", "UKPRN", "FEHEIdentifier", "FurtherEducationType (name)", "OfstedLastInsp",
    "OfstedSpecialMeasures (code)", "OfstedSpecialMeasures (name)", "LastChangedDate", "Street", "Locality",
    "Address3", "Town", "County (name)", "Postcode", "SchoolWebsite", "TelephoneNum", "HeadTitle (name)",
    "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle", "BSOInspectorateName (name)",
    "InspectorateReport", "DateOfLastInspectionVisit", "NextInspectionVisit", "TeenMoth (name)",
    "TeenMothPlaces", "CCF (name)", "SENPRU (name)", "EBD (name)", "PlacesPRU", "FTProv (name)",
    "EdByOther (name)", "Section41Approved (name)", "SEN1 (name)", "SEN2 (name)", "SEN3 (name)",
    "SEN4 (name)", "SEN5 (name)", "SEN6 (name)", "SEN7 (name)", "SEN8 (name)", "SEN9 (name)",
    "SEN10 (name)", "SEN11 (name)", "SEN12 (name)", "SEN13 (name)", "TypeOfResourcedProvision (name)",
    "ResourcedProvisionOnRoll", "ResourcedProvisionCapacity", "SenUnitOnRoll", "SenUnitCapacity",
    "GOR (code)", "GOR (name)", "DistrictAdministrative (code)", "DistrictAdministrative (name)",
    "AdministrativeWard (code)", "AdministrativeWard (name)", "ParliamentaryConstituency (code)",
    "ParliamentaryConstituency (name)", "UrbanRural (code)", "UrbanRural (name)", "GSSLACode (name)",
    "Easting", "Northing", "MSOA (name)", "LSOA (name)", "InspectorateName (name)", "SENStat", "SENNoStat",
    "BoardingEstablishment (name)", "PropsName", "PreviousLA (code)", "PreviousLA (name)",
    "PreviousEstablishmentNumber", "OfstedRating (name)", "RSCRegion (name)", "Country (name)", "UPRN",
    "SiteName", "QABName (code)", "QABName (name)", "EstablishmentAccredited (code)",
    "EstablishmentAccredited (name)", "QABReport", "CHNumber", "MSOA (code)", "LSOA (code)", "FSM",
]

# The columns the importer reads; a file without all of them is not a GIAS establishment export.
REQUIRED = [
    "URN", "EstablishmentName", "LA (name)", "TypeOfEstablishment (name)", "PhaseOfEducation (name)",
    "EstablishmentStatus (name)", "StatutoryLowAge", "StatutoryHighAge", "Street", "Locality", "Address3",
    "Town", "Postcode", "SchoolWebsite",
]

ENCODING = "cp1252"  # GIAS publishes its CSV downloads in Windows-1252.

# Outward code (area, district) and inward code (sector, unit), e.g. "SN10 2PH", "BA14 8LW", "SW1A 1AA".
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def postcode_normalise(raw: str) -> str | None:
    """The postcode in standard form ("SN10 2PH"), or None when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    match = _POSTCODE.match(compact)
    if match is None:
        return None
    return f"{match.group(1)} {match.group(2)}"


_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def is_outward_code(text: str) -> bool:
    """Whether text is the first half of a postcode, such as "SN10" or "BA1"."""
    return bool(_OUTWARD.match(text))


def is_shared_host(domain: str) -> bool:
    """Whether an email domain is a local authority's shared host (`wilts.sch.uk`) rather than one school's.

    Schools' own domains sit one level below their authority's (`stmarys-devizes.wilts.sch.uk`); the
    authority's own domain serves many schools, so it says nothing about which school someone works in.
    """
    labels = domain.lower().strip(".").split(".")
    return domain.lower().endswith(".sch.uk") and len(labels) <= 3


def email_domain_from_website(url: str) -> str:
    """The email domain a school's GIAS website shows it uses, or "" when the website cannot tell.

    Only a .sch.uk site at the root of its own host counts: a site in a folder of another host
    (`www.wilts.sch.uk/schoola`) is on a shared host, whose domain belongs to no one school; other
    domains may be web designers' or platforms' hosts.
    """
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if not host.endswith(".sch.uk") or is_shared_host(host):
        return ""
    if parts.path.strip("/") or parts.query:
        return ""
    return host
