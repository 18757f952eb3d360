"""Reads `imsmanifest.xml` safely: the SCORM version, the default organisation's items, SCOs and launch files.

The XML is parsed with defusedxml: no DTDs, no entities, no external references, so a manifest
cannot read files from the server or expand into gigabytes. Element names are matched by local
name, since authoring tools disagree on namespace prefixes; every refusal names its rule.
"""
import re
from dataclasses import dataclass, field
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .errors import PackageRejected

MANIFEST = "imsmanifest.xml"
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
MAX_ITEMS = 500
MAX_DEPTH = 20

# What <schemaversion> says, and the namespaces a manifest without one declares.
SCHEMA_VERSIONS = {
    "1.2": "1.2",
    "cam 1.3": "2004-2",
    "2004 3rd edition": "2004-3",
    "2004 4th edition": "2004-4",
}
NAMESPACE_VERSIONS = {
    "http://www.adlnet.org/xsd/adlcp_rootv1p2": "1.2",
}
DURATION_2004 = re.compile(r"^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?$")
TIMESPAN_12 = re.compile(r"^\d{2,4}:\d{2}:\d{2}(?:\.\d{1,2})?$")


@dataclass
class Item:
    identifier: str
    title: str
    depth: int
    launch: str  # path inside the package, with the item's parameters
    href: str  # the file that must exist
    is_sco: bool
    mastery_score: float | None = None
    scaled_passing_score: float | None = None
    completion_threshold: float | None = None
    max_time_allowed: str = ""
    time_limit_action: str = ""
    launch_data: str = ""


@dataclass
class Manifest:
    version: str
    title: str
    items: list[Item] = field(default_factory=list)

    @property
    def scos(self) -> list[Item]:
        return [item for item in self.items if item.is_sco]


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def children(element, name: str) -> list:
    return [child for child in element if local(child.tag) == name]


def child(element, name: str):
    found = children(element, name)
    return found[0] if found else None


def attribute(element, name: str) -> str:
    """An attribute by local name, case-insensitive (SCORM 1.2 writes scormtype, 2004 scormType)."""
    wanted = name.lower()
    for key, value in element.attrib.items():
        if local(key).lower() == wanted:
            return value.strip()
    return ""


def text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def manifest_parse(raw: bytes) -> Manifest:
    """Parse the manifest's bytes; raise PackageRejected naming the rule on anything unsafe or unusable."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise PackageRejected("manifest-too-large", "imsmanifest.xml is larger than 2 MB, far beyond any real manifest.")
    try:
        root = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        name = type(exc).__name__
        if name == "DTDForbidden":
            raise PackageRejected(
                "manifest-dtd", "imsmanifest.xml declares a DTD; manifests with DTDs or entities are refused for safety."
            )
        raise PackageRejected(
            "manifest-entity",
            "imsmanifest.xml uses XML entities or external references, which could read files from the server; "
            "it was refused.",
        )
    except (SyntaxError, ValueError, RecursionError):  # ElementTree.ParseError is a SyntaxError
        raise PackageRejected("manifest-malformed", "imsmanifest.xml is not well-formed XML.")
    if local(root.tag) != "manifest":
        raise PackageRejected("manifest-malformed", "imsmanifest.xml does not start with a <manifest> element.")
    version = _version(root)
    if version != "1.2":
        sequencing_check(root)
    organisations = child(root, "organizations")
    resources_element = child(root, "resources")
    if resources_element is None:
        raise PackageRejected("no-resources", "imsmanifest.xml lists no resources, so there is nothing to launch.")
    if children(root, "manifest"):
        raise PackageRejected("sub-manifest", "Packages with sub-manifests are not supported; export a single manifest.")
    resources = {attribute(resource, "identifier"): resource for resource in children(resources_element, "resource")}
    manifest_base = attribute(root, "base")
    resources_base = attribute(resources_element, "base")

    organisation = _default_organisation(organisations)
    manifest = Manifest(version=version, title=text(child(organisation, "title")) if organisation is not None else "")
    if organisation is not None:
        for item_element, depth in _walk_items(organisation, 0):
            item = _item(item_element, depth, version, resources, manifest_base, resources_base)
            if item is not None:
                manifest.items.append(item)
    else:
        # A manifest without an organisation launches its SCO resources directly, in order.
        for identifier, resource in resources.items():
            if attribute(resource, "scormtype").lower() == "sco" and attribute(resource, "href"):
                href = _join(manifest_base, resources_base, attribute(resource, "base"), attribute(resource, "href"))
                path = _check_href(href, identifier)
                manifest.items.append(Item(identifier, identifier, 0, href, path, True))
    if not manifest.scos:
        raise PackageRejected(
            "no-sco",
            "The package has no SCO (a launchable item of type “sco”), so it cannot report progress or completion.",
        )
    identifiers = [item.identifier for item in manifest.items]
    if len(set(identifiers)) != len(identifiers):
        raise PackageRejected("duplicate-identifier", "Two items in imsmanifest.xml have the same identifier.")
    return manifest


def _version(root) -> str:
    metadata = child(root, "metadata")
    declared = text(child(metadata, "schemaversion")) if metadata is not None else ""
    if declared:
        version = SCHEMA_VERSIONS.get(declared.lower())
        if version is None:
            raise PackageRejected(
                "unknown-version",
                f"imsmanifest.xml says schema version “{declared[:40]}”; only SCORM 1.2 and SCORM 2004 "
                "(2nd, 3rd and 4th editions) can be played.",
            )
        return version
    declared_namespaces = {namespace(element.tag) for element in root.iter()} | {
        namespace(key) for element in root.iter() for key in element.attrib
    }
    for uri, version in NAMESPACE_VERSIONS.items():
        if uri in declared_namespaces:
            return version
    raise PackageRejected(
        "unknown-version",
        "imsmanifest.xml does not say which SCORM version it is (no <schemaversion>); only SCORM 1.2 and "
        "SCORM 2004 packages can be played.",
    )


def _default_organisation(organisations):
    if organisations is None:
        return None
    found = children(organisations, "organization")
    if not found:
        return None
    default = attribute(organisations, "default")
    return next((org for org in found if attribute(org, "identifier") == default), found[0])


def _walk_items(parent, depth: int):
    if depth > MAX_DEPTH:
        raise PackageRejected("manifest-too-deep", f"imsmanifest.xml nests items more than {MAX_DEPTH} levels deep.")
    count = 0
    for item in children(parent, "item"):
        count += 1
        if count > MAX_ITEMS:
            raise PackageRejected("too-many-items", f"imsmanifest.xml lists more than {MAX_ITEMS} items.")
        if attribute(item, "isvisible").lower() == "false" and not children(item, "item"):
            continue
        yield item, depth
        yield from _walk_items(item, depth + 1)


def _item(element, depth, version, resources, manifest_base, resources_base) -> Item | None:
    identifier = attribute(element, "identifier")
    if not identifier:
        raise PackageRejected("item-without-identifier", "An item in imsmanifest.xml has no identifier.")
    title = text(child(element, "title")) or identifier
    reference = attribute(element, "identifierref")
    if not reference:
        return None  # a heading grouping other items: nothing to launch
    resource = resources.get(reference)
    if resource is None:
        raise PackageRejected(
            "missing-resource", f"The item “{title[:80]}” refers to the resource “{reference[:80]}”, which is not listed."
        )
    href = attribute(resource, "href")
    if not href:
        raise PackageRejected("missing-launch-file", f"The resource for “{title[:80]}” has no launch file (href).")
    href = _join(manifest_base, resources_base, attribute(resource, "base"), href)
    path = _check_href(href, title)
    parameters = attribute(element, "parameters")
    launch = href + (_parameters(parameters, href) if parameters else "")
    item = Item(
        identifier=identifier[:255],
        title=title[:255],
        depth=depth,
        launch=launch,
        href=path,
        is_sco=attribute(resource, "scormtype").lower() == "sco",
    )
    if version == "1.2":
        item.mastery_score = _number(text(_adlcp(element, "masteryscore")), "masteryscore", 0, 100)
        item.max_time_allowed = _timespan(text(_adlcp(element, "maxtimeallowed")), TIMESPAN_12)
        item.time_limit_action = text(_adlcp(element, "timelimitaction"))[:40]
        item.launch_data = text(_adlcp(element, "datafromlms"))[:4096]
    else:
        item.time_limit_action = text(_adlcp(element, "timeLimitAction"))[:40]
        item.launch_data = text(_adlcp(element, "dataFromLMS"))[:4096]
        threshold = _adlcp(element, "completionThreshold")
        if threshold is not None:
            # 2004 3rd edition writes the value as text; 4th edition as minProgressMeasure.
            value = attribute(threshold, "minProgressMeasure") or text(threshold)
            item.completion_threshold = _number(value, "completionThreshold", 0, 1)
        sequencing = child(element, "sequencing")
        if sequencing is not None:
            limits = child(sequencing, "limitConditions")
            if limits is not None:
                item.max_time_allowed = _timespan(attribute(limits, "attemptAbsoluteDurationLimit"), DURATION_2004)
            objectives = child(sequencing, "objectives")
            primary = child(objectives, "primaryObjective") if objectives is not None else None
            if primary is not None and attribute(primary, "satisfiedByMeasure").lower() == "true":
                measure = text(child(primary, "minNormalizedMeasure")) or "1.0"
                item.scaled_passing_score = _number(measure, "minNormalizedMeasure", -1, 1)
    return item


# SCORM 2004 sequencing (IMS Simple Sequencing and ADL's extensions): each attribute's allowed values, by element.
# A value outside them means the author's rules cannot be followed as written, so the package is refused
# with the rule named rather than played under rules nobody chose.
# XML Schema booleans: "1" and "0" are as valid as "true" and "false".
BOOLEAN = ("true", "false", "1", "0")
NON_NEGATIVE_INTEGER = "non-negative whole number"
DECIMAL_0_1 = "decimal from 0 to 1"
DECIMAL_MINUS_1_1 = "decimal from -1 to 1"
DURATION = "duration such as PT30M"
SEQUENCING_ATTRIBUTES: dict[str, dict[str, tuple[str, ...] | str]] = {
    "controlMode": {
        "choice": BOOLEAN, "choiceExit": BOOLEAN, "flow": BOOLEAN, "forwardOnly": BOOLEAN,
        "useCurrentAttemptObjectiveInfo": BOOLEAN, "useCurrentAttemptProgressInfo": BOOLEAN,
    },
    "limitConditions": {"attemptLimit": NON_NEGATIVE_INTEGER, "attemptAbsoluteDurationLimit": DURATION},
    "constrainedChoiceConsiderations": {"preventActivation": BOOLEAN, "constrainChoice": BOOLEAN},
    "rollupRules": {
        "rollupObjectiveSatisfied": BOOLEAN, "rollupProgressCompletion": BOOLEAN, "objectiveMeasureWeight": DECIMAL_0_1,
    },
    "rollupRule": {
        "childActivitySet": ("all", "any", "none", "atLeastCount", "atLeastPercent"),
        "minimumCount": NON_NEGATIVE_INTEGER,
        "minimumPercent": DECIMAL_0_1,
    },
    "rollupAction": {"action": ("satisfied", "notSatisfied", "completed", "incomplete")},
    "ruleConditions": {"conditionCombination": ("all", "any")},
    "rollupConditions": {"conditionCombination": ("all", "any")},
    "ruleCondition": {
        "condition": (
            "satisfied", "objectiveStatusKnown", "objectiveMeasureKnown", "objectiveMeasureGreaterThan",
            "objectiveMeasureLessThan", "completed", "activityProgressKnown", "attempted", "attemptLimitExceeded",
            "timeLimitExceeded", "outsideAvailableTimeRange", "always",
        ),
        "operator": ("not", "noOp"),
        "measureThreshold": DECIMAL_MINUS_1_1,
    },
    "rollupCondition": {
        "condition": (
            "satisfied", "objectiveStatusKnown", "objectiveMeasureKnown", "completed", "activityProgressKnown",
            "attempted", "attemptLimitExceeded", "timeLimitExceeded", "outsideAvailableTimeRange",
        ),
        "operator": ("not", "noOp"),
    },
    "deliveryControls": {"tracked": BOOLEAN, "completionSetByContent": BOOLEAN, "objectiveSetByContent": BOOLEAN},
    "primaryObjective": {"satisfiedByMeasure": BOOLEAN},
    "objective": {"satisfiedByMeasure": BOOLEAN},
    "mapInfo": {
        "readSatisfiedStatus": BOOLEAN, "readNormalizedMeasure": BOOLEAN,
        "writeSatisfiedStatus": BOOLEAN, "writeNormalizedMeasure": BOOLEAN,
    },
    "randomizationControls": {
        "randomizationTiming": ("never", "once", "onEachNewAttempt"),
        "selectionTiming": ("never", "once", "onEachNewAttempt"),
        "reorderChildren": BOOLEAN,
        "selectCount": NON_NEGATIVE_INTEGER,
    },
    "rollupConsiderations": {
        "requiredForSatisfied": ("always", "ifAttempted", "ifNotSkipped", "ifNotSuspended"),
        "requiredForNotSatisfied": ("always", "ifAttempted", "ifNotSkipped", "ifNotSuspended"),
        "requiredForCompleted": ("always", "ifAttempted", "ifNotSkipped", "ifNotSuspended"),
        "requiredForIncomplete": ("always", "ifAttempted", "ifNotSkipped", "ifNotSuspended"),
        "measureSatisfactionIfActive": BOOLEAN,
    },
}
# The action a rule may take depends on which kind of rule holds it.
RULE_ACTIONS = {
    "preConditionRule": ("skip", "disabled", "hiddenFromChoice", "stopForwardTraversal"),
    "exitConditionRule": ("exit",),
    "postConditionRule": ("exitParent", "exitAll", "retry", "retryAll", "continue", "previous"),
}
# Text values: the measures an objective is satisfied by.
SEQUENCING_TEXT = {"minNormalizedMeasure": DECIMAL_MINUS_1_1}
SEQUENCING_NAMESPACES = ("http://www.imsglobal.org/xsd/imsss", "http://www.adlnet.org/xsd/adlseq_v1p3")


def _value_fits(value: str, allowed: tuple[str, ...] | str) -> bool:
    if isinstance(allowed, tuple):
        return value in allowed
    if allowed == NON_NEGATIVE_INTEGER:
        return value.isascii() and value.isdigit()
    if allowed == DURATION:
        return bool(DURATION_2004.match(value)) and value != "P" and not value.endswith("T")
    try:
        number = float(value)
    except ValueError:
        return False
    low = 0.0 if allowed == DECIMAL_0_1 else -1.0
    return low <= number <= 1.0 and value.strip().lower() not in ("nan", "inf", "-inf")


def _allowed_words(allowed: tuple[str, ...] | str) -> str:
    if allowed == BOOLEAN:
        return "“true” or “false”"
    if not isinstance(allowed, tuple):
        return f"a {allowed}"
    quoted = [f"“{word}”" for word in allowed]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def sequencing_check(root) -> None:
    """Refuse a SCORM 2004 sequencing value outside its vocabulary, naming the element, attribute and rule."""
    parents = {child_element: parent for parent in root.iter() for child_element in parent}
    for element in root.iter():
        if namespace(element.tag) not in SEQUENCING_NAMESPACES:
            continue
        name = local(element.tag)
        rules = dict(SEQUENCING_ATTRIBUTES.get(name, {}))
        if name == "ruleAction":
            holder = parents.get(element)
            rules["action"] = RULE_ACTIONS.get(local(holder.tag) if holder is not None else "", ())
        for key, value in element.attrib.items():
            allowed = rules.get(local(key))
            if allowed is None or namespace(key) not in ("", *SEQUENCING_NAMESPACES):
                continue
            if not _value_fits(value.strip(), allowed):
                raise PackageRejected(
                    "sequencing-value",
                    f"imsmanifest.xml gives {name} {local(key)} as “{value[:40]}”; SCORM 2004 sequencing allows "
                    f"only {_allowed_words(allowed)} there.",
                )
        if name in SEQUENCING_TEXT and text(element) and not _value_fits(text(element), SEQUENCING_TEXT[name]):
            raise PackageRejected(
                "sequencing-value",
                f"imsmanifest.xml gives {name} as “{text(element)[:40]}”; SCORM 2004 sequencing allows only "
                f"{_allowed_words(SEQUENCING_TEXT[name])} there.",
            )


def _adlcp(element, name: str):
    wanted = name.lower()
    return next((node for node in element if local(node.tag).lower() == wanted), None)


def _number(value: str, name: str, low: float, high: float) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise PackageRejected("manifest-value", f"imsmanifest.xml gives {name} as “{value[:20]}”, which is not a number.")
    if not low <= number <= high:
        raise PackageRejected("manifest-value", f"imsmanifest.xml gives {name} as {value[:20]}; it must lie between {low:g} and {high:g}.")
    return number


def _timespan(value: str, pattern: re.Pattern) -> str:
    if value and not pattern.match(value):
        raise PackageRejected("manifest-value", f"imsmanifest.xml gives a time limit “{value[:40]}” in a form SCORM does not allow.")
    return value


def _join(*parts: str) -> str:
    """xml:base values and the href combine like relative URLs; an absolute href stands alone."""
    path = ""
    for part in parts:
        if not part:
            continue
        if urlsplit(part).scheme or part.startswith("/"):
            path = part
        else:
            path = (path.rstrip("/") + "/" + part) if path else part
    return path


def _check_href(href: str, what: str) -> str:
    """The file part of a launch address must be a plain relative path inside the package."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "\\")):
        raise PackageRejected(
            "external-launch", f"“{what[:80]}” launches {href[:120]}, outside the package; only files in it can play."
        )
    path = unquote(parts.path)
    if "\\" in path or any(part == ".." for part in path.split("/")) or normpath(path).startswith(".."):
        raise PackageRejected("parent-path", f"“{what[:80]}” launches {href[:120]}, which points outside the package.")
    return normpath(path)


def _parameters(parameters: str, href: str) -> str:
    """Item parameters are appended to the launch address as SCORM's content packaging rules say."""
    if parameters.startswith(("?", "#")) and "?" in href and parameters.startswith("?"):
        return "&" + parameters[1:]
    if parameters.startswith(("?", "#", "&")):
        return parameters
    return ("&" if "?" in href else "?") + parameters
