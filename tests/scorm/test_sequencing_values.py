"""SCORM 2004 sequencing values outside their vocabulary are refused with the rule named (security review,
issue 17 item 10): the author's rules would otherwise be played as rules nobody wrote."""
import io

import pytest

from courses.scorm import samples
from courses.scorm.errors import PackageRejected
from courses.scorm.models import ScormPackage
from courses.scorm.services import package_import

pytestmark = pytest.mark.django_db


def package_with_sequencing(sequencing: str) -> bytes:
    manifest = samples.manifest_2004(title="T", scos=[("sco1", "One")], passing=None).replace(
        "</title><adlcp:completionThreshold",
        f"</title><imsss:sequencing>{sequencing}</imsss:sequencing><adlcp:completionThreshold",
        1,
    )
    assert sequencing in manifest
    files = samples.package_files(version="2004", title="T", scos=[("sco1", "One")], manifest=manifest)
    return samples.zip_files(files)


@pytest.mark.parametrize(
    "sequencing, words",
    [
        ('<imsss:controlMode choice="banana"/>', "controlMode choice as “banana”; SCORM 2004 sequencing allows only “true” or “false”"),
        ('<imsss:controlMode flow="yes"/>', "controlMode flow as “yes”"),
        ('<imsss:limitConditions attemptLimit="-5"/>', "limitConditions attemptLimit as “-5”; SCORM 2004 sequencing allows only a non-negative whole number"),
        ('<imsss:limitConditions attemptLimit="1.5"/>', "attemptLimit as “1.5”"),
        ('<imsss:limitConditions attemptAbsoluteDurationLimit="30 minutes"/>', "attemptAbsoluteDurationLimit as “30 minutes”"),
        ('<imsss:randomizationControls selectionTiming="sometimes"/>', "selectionTiming as “sometimes”"),
        (
            '<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="always"/>'
            '</imsss:ruleConditions><imsss:ruleAction action="exitAll"/></imsss:preConditionRule></imsss:sequencingRules>',
            "ruleAction action as “exitAll”",
        ),
        (
            '<imsss:rollupRules objectiveMeasureWeight="2"/>',
            "rollupRules objectiveMeasureWeight as “2”; SCORM 2004 sequencing allows only a decimal from 0 to 1",
        ),
        ('<imsss:deliveryControls tracked="maybe"/>', "deliveryControls tracked as “maybe”"),
    ],
)
def test_a_sequencing_value_outside_its_vocabulary_is_refused_naming_the_rule(sequencing, words):
    with pytest.raises(PackageRejected) as caught:
        package_import(upload=io.BytesIO(package_with_sequencing(sequencing)))
    assert caught.value.rule == "sequencing-value"
    assert words in str(caught.value)
    assert ScormPackage.objects.count() == 0


def test_sequencing_in_the_golf_examples_shape_is_accepted():
    sequencing = (
        '<imsss:controlMode choice="true" choiceExit="true" flow="true" forwardOnly="false"/>'
        '<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions conditionCombination="any">'
        '<imsss:ruleCondition operator="not" condition="satisfied"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="disabled"/></imsss:preConditionRule>'
        '<imsss:postConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="continue"/></imsss:postConditionRule></imsss:sequencingRules>'
        '<imsss:limitConditions attemptLimit="3" attemptAbsoluteDurationLimit="PT1H30M"/>'
        '<imsss:rollupRules rollupObjectiveSatisfied="true" objectiveMeasureWeight="0.5"><imsss:rollupRule '
        'childActivitySet="atLeastCount" minimumCount="2"><imsss:rollupConditions><imsss:rollupCondition '
        'condition="satisfied"/></imsss:rollupConditions><imsss:rollupAction action="satisfied"/></imsss:rollupRule>'
        '</imsss:rollupRules>'
        '<imsss:deliveryControls tracked="1" completionSetByContent="true" objectiveSetByContent="false"/>'
    )
    package = package_import(upload=io.BytesIO(package_with_sequencing(sequencing)))
    assert package.scos.count() == 1
