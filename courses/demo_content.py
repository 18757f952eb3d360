"""Demo e-learning course content for the Wiltshire and Swindon Violence
Reduction Partnership training platform.

This module holds plain Python data only. It describes three demo courses
(trauma-influenced behaviour, responding to young people after violence, and
a bleeding-control refresher for school staff). Another part of the platform
turns ``COURSES`` into Wagtail pages.

IMPORTANT: this is demo content written by the platform team. Every course
must be reviewed and signed off by a qualified trainer (and, for bleeding
control, a clinician) before it is used with real learners.

Format of each lesson block: ``(block_type, value)`` where block_type is one
of "heading", "rich_text", "key_points", "question", "reflection",
"signposting" or "h5p".
"""

from typing import Any, Dict, List, Tuple

SIGN_OFF_NOTE = (
    "Demo content written by the platform team. It must be reviewed and "
    "signed off by a qualified trainer (and, for bleeding control, a "
    "clinician) before real use."
)

# ---------------------------------------------------------------------------
# Signposting catalogue: real, well-known UK national services only.
# ---------------------------------------------------------------------------

_SERVICES: Dict[str, Dict[str, str]] = {
    "emergency": {
        "name": "Emergency services",
        "description": "If someone is in immediate danger or needs urgent medical help.",
        "contact": "Call 999",
    },
    "eap": {
        "name": "Your organisation's employee assistance programme or line manager",
        "description": (
            "Free, confidential support for staff, including counselling. Your "
            "line manager or supervisor can also help you talk things through."
        ),
        "contact": "See your organisation's intranet or ask your line manager",
    },
    "samaritans": {
        "name": "Samaritans",
        "description": "Someone to talk to, day or night, about anything that is troubling you.",
        "contact": "Call 116 123 (free, 24 hours) or email jo@samaritans.org",
    },
    "shout": {
        "name": "Shout",
        "description": "Free, confidential text support for anyone who is struggling to cope.",
        "contact": "Text SHOUT to 85258",
    },
    "nhs111": {
        "name": "NHS 111",
        "description": (
            "Urgent health advice when it is not an emergency, including "
            "mental health support."
        ),
        "contact": "Call 111 or visit 111.nhs.uk",
    },
    "childline": {
        "name": "Childline",
        "description": "Free, confidential support for children and young people up to age 19.",
        "contact": "Call 0800 1111 or visit childline.org.uk",
    },
    "nspcc": {
        "name": "NSPCC Helpline",
        "description": "Advice for adults who are worried about a child.",
        "contact": "Call 0808 800 5000 or visit nspcc.org.uk",
    },
    "victim_support": {
        "name": "Victim Support",
        "description": (
            "Free, confidential support for anyone affected by crime, whether "
            "or not it was reported to the police."
        ),
        "contact": "Call 08 08 16 89 111 or visit victimsupport.org.uk",
    },
    "crimestoppers": {
        "name": "Crimestoppers and Fearless",
        "description": (
            "Pass on information about crime anonymously. Fearless is "
            "Crimestoppers' service for young people."
        ),
        "contact": "Call 0800 555 111 or visit crimestoppers-uk.org or fearless.org",
    },
    "police_101": {
        "name": "Police non-emergency number",
        "description": "To report something to the police that is not an emergency.",
        "contact": "Call 101",
    },
}


def _signposting(heading: str, *keys: str) -> tuple:
    """Build a signposting block from the catalogue (fresh dicts each time)."""
    return (
        "signposting",
        {
            "heading": heading,
            "services": [dict(_SERVICES[k]) for k in keys],
        },
    )


def _question(question: str, *answers: Tuple[str, bool, str]) -> Dict[str, Any]:
    """Build a question dict. Each answer is (text, correct, feedback)."""
    return {
        "question": question,
        "answers": [
            {"text": text, "correct": correct, "feedback": feedback}
            for text, correct, feedback in answers
        ],
    }


def _reflection(prompt: str) -> Dict[str, str]:
    """Build the value of a reflection block."""
    return {"prompt": prompt}


# ---------------------------------------------------------------------------
# Course 1: Understanding trauma-influenced behaviour
# ---------------------------------------------------------------------------

_C1_LESSON_1: Dict[str, Any] = {
    "title": "What trauma is and adverse childhood experiences",
    "slug": "what-trauma-is-and-aces",
    "content_warning": (
        "This lesson talks about abuse, neglect and domestic abuse in general terms. It does "
        "not describe any events in detail."
    ),
    "blocks": [
        ("heading", "What we mean by trauma"),
        ("rich_text", (
            "<p>Trauma is what can happen to a person after an event, or a series of events, "
            "that felt frightening, harmful or threatening. It is not the event itself. It is "
            "the lasting effect the event has on how a person thinks, feels and behaves.</p>"
            "<p>Two people can go through the same event and be affected in very different "
            "ways. What matters is how the event was experienced, and what support the person "
            "had at the time and afterwards.</p>"
            "<p>Trauma can come from a single event, such as an assault or a serious accident. "
            "It can also build up over time, for example from living with violence at home, or "
            "from repeated discrimination.</p>"
        )),
        ("heading", "Adverse childhood experiences (ACEs)"),
        ("rich_text", (
            "<p>Adverse childhood experiences, often called <strong>ACEs</strong>, are "
            "stressful or harmful things that happen while a person is growing up. The term "
            "comes from research that started in the United States in the 1990s. Similar "
            "studies have since been carried out in England and Wales.</p>"
            "<p>The ACEs most often counted in research include:</p>"
            "<ul>"
            "<li>physical, emotional or sexual abuse</li>"
            "<li>physical or emotional neglect</li>"
            "<li>living with domestic abuse</li>"
            "<li>living with an adult who misuses alcohol or drugs</li>"
            "<li>living with an adult with a serious mental health condition</li>"
            "<li>a parent or carer being in prison</li>"
            "<li>parents separating or divorcing</li></ul>"
            "<p>This list is not complete. Other experiences, such as poverty, racism, "
            "bullying, losing someone close or living in an area with a lot of violence, can "
            "also have a big effect on children.</p>"
        )),
        ("heading", "ACEs are common"),
        ("rich_text", (
            "<p>Studies in England and Wales found that around half of adults had experienced "
            "at least one ACE. A smaller group had experienced four or more.</p>"
            "<p>At a population level, people with more ACEs are more likely to have poorer "
            "health and to be involved in violence, as a victim or as someone who harms. This "
            "helps services plan support and prevention.</p>"
        )),
        ("heading", "An ACE score is not a label"),
        ("rich_text", (
            "<p>An ACE score counts how many types of ACE a person has experienced. It was "
            "designed for research about large groups of people. It is <strong>not</strong> a "
            "tool for labelling or predicting what will happen to one person.</p>"
            "<ul>"
            "<li>It does not measure how severe or long-lasting an experience was.</li>"
            "<li>It leaves out many things that matter, including the support a person had.</li>"
            "<li>Many people with several ACEs live healthy, happy lives.</li></ul>"
            "<p>Never use a number to decide what someone is like or what they will do. Get to "
            "know the person.</p>"
        )),
        ("heading", "Resilience and protective factors"),
        ("rich_text", (
            "<p>Resilience is the ability to cope and recover when things are hard. It is not "
            "something people either have or lack. It grows through relationships and "
            "support.</p>"
            "<p>Protective factors are things that help. They include:</p>"
            "<ul>"
            "<li><strong>one trusted adult</strong> who is reliable, kind and available</li>"
            "<li>feeling safe and included at school or in the community</li>"
            "<li>friendships and a sense of belonging</li>"
            "<li>hobbies, sport, faith or culture that give meaning</li>"
            "<li>access to help when it is needed</li></ul>"
            "<p>Research suggests that having at least one trusted adult in childhood is linked "
            "with better outcomes, even for people who faced several ACEs. Every professional "
            "contact can help to build that kind of trust.</p>"
        )),
        ("key_points", [
            (
                "Trauma is the lasting effect of a frightening or harmful experience, not the "
                "event itself."
            ),
            (
                "ACEs are common. Around half of adults in studies in England and Wales "
                "reported at least one."
            ),
            (
                "ACE scores describe patterns in populations. They must not be used to label or "
                "predict an individual."
            ),
            "Protective factors, especially one trusted adult, can make a real difference.",
        ]),
        ("question", _question(
            (
                "A colleague says a young person 'has an ACE score of 5, so they will end up in "
                "trouble'. What is the best response?"
            ),
            (
                "Agree, because a high score predicts what will happen.",
                False,
                (
                    "It is easy to see why this seems logical. But ACE scores describe patterns "
                    "across large groups. They cannot predict what one person will do."
                ),
            ),
            (
                (
                    "Explain that ACE scores are for population research, and that support and "
                    "trusted relationships can change outcomes."
                ),
                True,
                (
                    "Yes. A score is not a label. Getting to know the person and building "
                    "protective factors matters much more."
                ),
            ),
            (
                "Suggest the young person is screened again to check the score.",
                False,
                (
                    "A new score would not help here. The issue is using a score to predict an "
                    "individual's future, which it was not designed to do."
                ),
            ),
        )),
        ("reflection", _reflection(
            (
                "Think about an adult who made a positive difference to you when you were "
                "growing up. What did they do that helped? How could you offer something "
                "similar in your role?"
            ),
        )),
        _signposting(
            "If this lesson has raised anything for you",
            "eap", "samaritans", "shout", "nspcc", "emergency",
        ),
    ],
}


_C1_LESSON_2: Dict[str, Any] = {
    "title": "The stress response: fight, flight, freeze and fawn",
    "slug": "the-stress-response",
    "content_warning": None,
    "blocks": [
        ("heading", "The brain's alarm system"),
        ("rich_text", (
            "<p>Our brains have an alarm system that is always checking for danger. When it "
            "senses a threat, it reacts in a fraction of a second, before the thinking parts of "
            "the brain have caught up.</p>"
            "<p>The body releases stress hormones such as adrenaline and cortisol. The heart "
            "beats faster, breathing speeds up and muscles get ready to act. This is the body "
            "trying to keep us alive.</p>"
            "<p>For someone who has lived through trauma, the alarm can become extra sensitive. "
            "It may go off when there is no real danger, for example because of a raised voice, "
            "a slammed door, a smell or a uniform.</p>"
        )),
        ("heading", "Four survival responses"),
        ("rich_text", (
            "<ul>"
            "<li><strong>Fight</strong>: facing the threat. This can look like shouting, "
            "swearing, arguing or lashing out.</li>"
            "<li><strong>Flight</strong>: getting away from the threat. This can look like "
            "running off, leaving a room, avoiding appointments or fidgeting and pacing.</li>"
            "<li><strong>Freeze</strong>: going still or shutting down. This can look like "
            "staring, not answering, seeming 'blank' or being unable to move or think.</li>"
            "<li><strong>Fawn</strong>: trying to keep the threat happy. This can look like "
            "agreeing with everything, being overly helpful, or saying what the person thinks "
            "you want to hear.</li></ul>"
        )),
        ("heading", "These responses are not choices"),
        ("rich_text", (
            "<p>Survival responses happen automatically. A person does not decide to freeze or "
            "to lash out in that moment. Their body has taken over to protect them.</p>"
            "<p>This does not mean harmful behaviour is acceptable, or that there should be no "
            "boundaries. It means that telling someone to 'calm down' or 'just answer the "
            "question' is unlikely to work while their alarm is going off. Helping them feel "
            "safer comes first.</p>"
        )),
        ("heading", "The window of tolerance"),
        ("rich_text", (
            "<p>The 'window of tolerance' is a simple way to picture how well someone can cope "
            "at a given moment.</p>"
            "<ul>"
            "<li><strong>Inside the window</strong>, a person can think clearly, listen, learn "
            "and manage their feelings.</li>"
            "<li><strong>Above the window</strong>, they feel too stirred up: anxious, angry, "
            "panicky or on edge. This links to fight and flight.</li>"
            "<li><strong>Below the window</strong>, they feel shut down: numb, flat, spaced out "
            "or exhausted. This links to freeze.</li></ul>"
            "<p>Trauma can make the window narrower, so small stresses push a person outside it "
            "more quickly. A calm, steady adult can help someone get back inside their window. "
            "This is sometimes called <em>co-regulation</em>.</p>"
        )),
        ("h5p", {
            "title": "Which survival response is this?",
            "instructions": (
                "Read the short description of how someone is behaving. Choose the survival "
                "response it best matches: fight, flight, freeze or fawn, then check your answer. "
                "Read the feedback, and try again as often as you like."
            ),
        }),
        ("key_points", [
            "The brain's alarm system reacts to danger before the thinking brain catches up.",
            "Fight, flight, freeze and fawn are automatic survival responses, not choices.",
            "Trauma can make the alarm more sensitive and the window of tolerance narrower.",
            "A calm, steady adult can help someone feel safe enough to think again.",
        ]),
        ("question", _question(
            (
                "During a meeting, a young person stops talking, stares at the floor and does "
                "not answer questions. Which response might this be?"
            ),
            (
                "Fight",
                False,
                (
                    "Not quite. Fight usually looks more active, such as arguing or shouting. "
                    "Going quiet and still is more like freeze."
                ),
            ),
            (
                "Freeze",
                True,
                (
                    "Yes. Going still and silent can be a freeze response. It is a sign the "
                    "person may be outside their window of tolerance, not that they are being "
                    "rude."
                ),
            ),
            (
                "It is a deliberate choice to be unhelpful.",
                False,
                (
                    "It can feel that way. But survival responses are automatic. Slowing down "
                    "and helping the person feel safer is more likely to help."
                ),
            ),
        )),
        ("reflection", _reflection(
            (
                "What pushes you outside your own window of tolerance at work? What helps you "
                "get back into it?"
            ),
        )),
        _signposting("Support if you need it", "eap", "samaritans", "shout", "nhs111", "emergency"),
    ],
}


_C1_LESSON_3: Dict[str, Any] = {
    "title": "Why adults and young people may react differently",
    "slug": "adults-and-young-people",
    "content_warning": (
        "This lesson mentions trauma, violence and distrust of services in general terms."
    ),
    "blocks": [
        ("heading", "The developing brain"),
        ("rich_text", (
            "<p>The brain keeps developing well into the mid-twenties. The parts that help us "
            "plan ahead, weigh up risks and calm strong feelings are among the last to fully "
            "develop.</p>"
            "<p>During adolescence, young people also become more focused on friends, status "
            "and belonging. They may be more likely to take risks, especially in front of "
            "others. This is a normal part of growing up.</p>"
            "<p>When trauma is added, a young person's alarm system may be on high alert while "
            "the parts of the brain that help them calm down are still developing.</p>"
        )),
        ("heading", "Behaviour is communication"),
        ("rich_text", (
            "<p>Children and young people often cannot put their feelings into words. Instead, "
            "they show us through behaviour. Anger may be covering fear. Refusing help may be a "
            "way of staying in control. Carrying a weapon may come from feeling unsafe.</p>"
            "<p>A helpful shift is to ask <strong>'What happened to you?'</strong> rather than "
            "<strong>'What is wrong with you?'</strong>. We do not have to say this out loud. "
            "It is a way of thinking that makes us curious rather than judging.</p>"
        )),
        ("heading", "Adults: learned coping and distrust of services"),
        ("rich_text", (
            "<p>Adults who experienced trauma may have found ways to cope that helped them "
            "survive at the time. Some of these ways can cause problems later, for example:</p>"
            "<ul>"
            "<li>using alcohol or drugs to block out feelings</li>"
            "<li>staying on guard and reacting quickly to any threat</li>"
            "<li>avoiding people, places or appointments</li>"
            "<li>finding it hard to trust anyone</li></ul>"
            "<p>Some adults have had poor experiences with services in the past. They may have "
            "felt judged, not believed, or had decisions made about them without being asked. "
            "It makes sense that they may be wary of us. Trust has to be earned, often slowly, "
            "through being reliable and honest.</p>"
        )),
        ("key_points", [
            (
                "The brain keeps developing into the mid-twenties, especially the parts that "
                "manage risk and emotion."
            ),
            "Behaviour is often a way of communicating feelings that are hard to put into words.",
            "Think 'What happened to you?' rather than 'What is wrong with you?'",
            (
                "Adults may use coping strategies that once kept them safe, and may distrust "
                "services for good reasons."
            ),
        ]),
        ("question", _question(
            (
                "An adult has missed three appointments and is short with staff on the phone. "
                "What is the most trauma-informed first step?"
            ),
            (
                "Close the case because they are not engaging.",
                False,
                (
                    "Services sometimes have to make hard decisions. But missed appointments "
                    "can be a sign of distrust or difficulty, so it is worth trying to "
                    "understand first."
                ),
            ),
            (
                (
                    "Get curious about what might be getting in the way, and offer choices "
                    "about how and when to meet."
                ),
                True,
                (
                    "Yes. Asking what would help, and offering choice, can build the trust that "
                    "makes engagement possible."
                ),
            ),
            (
                "Send a firm letter warning them of consequences.",
                False,
                (
                    "Clear information matters. But a warning on its own may feel threatening "
                    "and push the person further away."
                ),
            ),
        )),
        ("reflection", _reflection(
            (
                "Think of a time when someone's behaviour at work frustrated you. If you asked "
                "'What happened to you?', what else might have been going on?"
            ),
        )),
        _signposting(
            "Support and advice",
            "eap", "samaritans", "childline", "victim_support", "emergency",
        ),
    ],
}


_C1_LESSON_4: Dict[str, Any] = {
    "title": "Trauma-informed practice and looking after yourself",
    "slug": "trauma-informed-practice",
    "content_warning": (
        "This lesson mentions re-traumatisation and the emotional impact of hearing about "
        "trauma."
    ),
    "blocks": [
        ("heading", "What trauma-informed practice means"),
        ("rich_text", (
            "<p>Trauma-informed practice is a way of working. It starts from the understanding "
            "that many people we meet may have experienced trauma, and that this can affect how "
            "they think, feel and act.</p>"
            "<p>It does not mean every professional becomes a trauma therapist. It means "
            "shaping how we behave, and how our services work, so that people feel safe enough "
            "to get the help they need.</p>"
            "<p>The UK government has published a working definition of trauma-informed "
            "practice. It sets out six principles. In our own words, they are described "
            "below.</p>"
        )),
        ("heading", "The six principles"),
        ("rich_text", (
            "<ol>"
            "<li><strong>Safety</strong>: people feel physically and emotionally safe. This "
            "includes the space we meet in, how we speak and being predictable.</li>"
            "<li><strong>Trustworthiness</strong>: we are honest and clear about what we can "
            "and cannot do, and we do what we say we will.</li>"
            "<li><strong>Choice</strong>: people have real choices wherever possible, and we "
            "explain their options and rights.</li>"
            "<li><strong>Collaboration</strong>: we work with people, not on them. We value "
            "their knowledge of their own lives.</li>"
            "<li><strong>Empowerment</strong>: we build on people's strengths and help them "
            "feel more in control.</li>"
            "<li><strong>Cultural consideration</strong>: we respect people's culture, identity "
            "and background. We recognise that racism, discrimination and past experiences of "
            "services can be part of someone's trauma.</li></ol>"
        )),
        ("heading", "Avoiding re-traumatisation"),
        ("rich_text", (
            "<p>Re-traumatisation is when something in a service brings back the feelings of "
            "the original trauma. It is often accidental. Examples include:</p>"
            "<ul>"
            "<li>asking someone to repeat their story many times to different people</li>"
            "<li>using physical restraint or raised voices</li>"
            "<li>making decisions without explaining them</li>"
            "<li>not being believed, or feeling blamed</li>"
            "<li>sudden changes of worker without warning</li></ul>"
            "<p>Small changes help. Explain what will happen next. Ask before you touch or move "
            "closer. Let people know they can take a break. Share information through the right "
            "channels so people do not have to keep retelling their story.</p>"
        )),
        ("heading", "Looking after yourself"),
        ("rich_text", (
            "<p>Hearing about other people's trauma can affect us too. Over time this can build "
            "up. This is sometimes called <strong>vicarious trauma</strong>. It is a normal "
            "human reaction, not a sign of weakness.</p>"
            "<p>Signs can include:</p>"
            "<ul>"
            "<li>trouble sleeping, or thinking about cases at home</li>"
            "<li>feeling numb, tearful, irritable or on edge</li>"
            "<li>feeling hopeless or cynical about your work</li>"
            "<li>avoiding certain tasks or people</li></ul>"
            "<p>Things that help include regular supervision, talking to colleagues you trust, "
            "taking your breaks, having something that helps you switch off after work, and "
            "asking for support early. Organisations have a part to play too. A trauma-informed "
            "service looks after its staff as well as the people it serves.</p>"
        )),
        ("key_points", [
            "Trauma-informed practice is a way of working, not a therapy.",
            (
                "The six principles are safety, trustworthiness, choice, collaboration, "
                "empowerment and cultural consideration."
            ),
            (
                "Re-traumatisation is often accidental. Explaining, asking and offering choice "
                "can prevent it."
            ),
            "Vicarious trauma is a normal reaction. Use supervision and ask for support early.",
        ]),
        ("question", _question(
            "Which of these is most likely to help avoid re-traumatisation?",
            (
                (
                    "Asking the person to tell their story in full to each new worker, so "
                    "nothing is missed."
                ),
                False,
                (
                    "Wanting to be thorough is good. But repeating a painful story many times "
                    "can bring back distress. Sharing information through the right channels is "
                    "kinder."
                ),
            ),
            (
                "Explaining what will happen next and giving the person choices where possible.",
                True,
                "Yes. Being clear and offering choice helps people feel safer and more in control.",
            ),
            (
                "Keeping decisions private until they are final.",
                False,
                (
                    "This can seem like it avoids worry. But decisions made without explanation "
                    "can feel like a loss of control, which may bring back past harm."
                ),
            ),
        )),
        ("reflection", _reflection(
            (
                "Pick one of the six principles. What is one small change you could make in "
                "your work this week to put it into practice? And what is one thing you will do "
                "to look after yourself?"
            ),
        )),
        _signposting("Looking after yourself", "eap", "samaritans", "shout", "nhs111", "emergency"),
    ],
}


_C1_ASSESSMENT: Dict[str, Any] = {
    "title": "Understanding trauma-influenced behaviour: check your learning",
    "intro": (
        "Answer these five questions to check your learning. You need 80% to pass. You can try "
        "again if you need to, and you will see feedback on each answer."
    ),
    "questions": [
        _question(
            "Which statement about adverse childhood experiences (ACEs) is correct?",
            (
                "ACEs are rare and only affect a small number of people.",
                False,
                (
                    "Not quite. Studies in England and Wales found that around half of adults "
                    "had experienced at least one ACE."
                ),
            ),
            (
                "ACEs are common, and ACE scores describe patterns across populations.",
                True,
                (
                    "Correct. ACEs are common. Scores are useful for research and planning, not "
                    "for labelling individuals."
                ),
            ),
            (
                "An ACE score tells you what an individual will do in the future.",
                False,
                (
                    "This is a common belief. But ACE scores cannot predict what one person "
                    "will do. Support and relationships can change outcomes."
                ),
            ),
        ),
        _question(
            "Which of these is a protective factor for a child?",
            (
                "Having at least one trusted, reliable adult.",
                True,
                "Correct. One trusted adult is one of the strongest protective factors.",
            ),
            (
                "Moving schools often so they can make a fresh start.",
                False,
                (
                    "A fresh start can sometimes help. But frequent moves can break up "
                    "relationships and a sense of belonging, which are protective."
                ),
            ),
            (
                "Being told not to talk about difficult feelings.",
                False,
                (
                    "Some people think this protects children. In fact, having someone safe to "
                    "talk to is what helps."
                ),
            ),
        ),
        _question(
            "Why are fight, flight, freeze and fawn described as survival responses?",
            (
                "Because people choose them after thinking about the best option.",
                False,
                (
                    "Not quite. They happen automatically, before the thinking parts of the "
                    "brain catch up."
                ),
            ),
            (
                "Because they only happen in life-threatening situations.",
                False,
                (
                    "Not quite. After trauma, the brain's alarm can go off even when there is "
                    "no real danger."
                ),
            ),
            (
                "Because they are automatic reactions that try to keep us safe from a threat.",
                True,
                (
                    "Correct. They are the body's way of protecting itself. They are not "
                    "deliberate choices."
                ),
            ),
        ),
        _question(
            "Someone is 'above their window of tolerance'. What might you notice?",
            (
                "They seem calm and able to think clearly.",
                False,
                "Not quite. Calm and clear thinking is what we see inside the window.",
            ),
            (
                "They seem anxious, angry, panicky or on edge.",
                True,
                (
                    "Correct. Above the window, people feel too stirred up. A calm adult can "
                    "help them settle."
                ),
            ),
            (
                "They seem numb, flat or spaced out.",
                False,
                "Close. Feeling numb or shut down is what we see below the window, not above it.",
            ),
        ),
        _question(
            "Which list shows the six principles of trauma-informed practice?",
            (
                (
                    "Safety, trustworthiness, choice, collaboration, empowerment, cultural "
                    "consideration."
                ),
                True,
                "Correct. These six principles guide trauma-informed practice.",
            ),
            (
                "Safety, speed, compliance, consistency, control, confidentiality.",
                False,
                (
                    "Some of these matter in services, but this is not the list. The principles "
                    "focus on safety, trust, choice, working together, empowerment and culture."
                ),
            ),
            (
                "Assessment, diagnosis, treatment, review, discharge, follow-up.",
                False,
                (
                    "These are steps in some health processes. Trauma-informed practice is "
                    "about how we work with people, not a treatment pathway."
                ),
            ),
        ),
    ],
}


_COURSE_1: Dict[str, Any] = {
    "title": "Understanding trauma-influenced behaviour",
    "slug": "understanding-trauma-influenced-behaviour",
    "summary": (
        "An introduction to trauma, adverse childhood experiences and the stress response. "
        "Learn how trauma can shape behaviour and how trauma-informed practice can help."
    ),
    "audience": "All partner agency staff",
    "level": "informed",
    "cpd_hours": 1.0,
    "estimated_minutes": 45,
    "pass_mark": 80,
    "validity_months": None,
    "sign_off_note": SIGN_OFF_NOTE,
    "evaluation_questions": [
        "I can explain what an adverse childhood experience is.",
        "I can describe the fight, flight, freeze and fawn responses.",
        "I can name the principles of trauma-informed practice.",
        "I know how to look after myself when my work involves trauma.",
    ],
    "lessons": [_C1_LESSON_1, _C1_LESSON_2, _C1_LESSON_3, _C1_LESSON_4],
    "assessment": _C1_ASSESSMENT,
}


# ---------------------------------------------------------------------------
# Course 2: Responding to young people after violence
# ---------------------------------------------------------------------------

_C2_LESSON_1: Dict[str, Any] = {
    "title": "How violence affects young people",
    "slug": "how-violence-affects-young-people",
    "content_warning": (
        "This lesson discusses violence, weapons and the criminal exploitation of children in "
        "general terms. It does not describe any incidents in detail."
    ),
    "blocks": [
        ("heading", "Victims, witnesses and those who harm"),
        ("rich_text", (
            "<p>Young people can be affected by violence in different ways. They may be hurt "
            "themselves, see or hear violence happen to others, or cause harm to someone else. "
            "Often, the same young person has been in more than one of these positions.</p>"
            "<p>Violence can leave young people feeling scared, angry, ashamed or numb. They "
            "may have trouble sleeping, stop going to school, or avoid certain places. Some may "
            "start carrying a weapon because they feel they need to protect themselves.</p>"
            "<p>A young person who has harmed others may also be a victim. Recognising this "
            "does not excuse harm. It helps us understand what support and protection they "
            "need.</p>"
        )),
        ("heading", "Exploitation and county lines"),
        ("rich_text", (
            "<p><strong>Child criminal exploitation</strong> is when someone uses a child or "
            "young person to commit crime for them. The child may be offered money, gifts, "
            "status, friendship or protection. They may also be threatened or made to feel they "
            "owe a debt.</p>"
            "<p><strong>County lines</strong> is one form of this. Criminal groups use children "
            "and vulnerable adults to move and sell drugs, often from cities into towns and "
            "rural areas, using a dedicated phone line to take orders. This happens in "
            "Wiltshire and Swindon as it does across the country.</p>"
            "<p>Signs a young person may be exploited include:</p>"
            "<ul>"
            "<li>going missing, or being found far from home</li>"
            "<li>unexplained money, phones, clothes or injuries</li>"
            "<li>new, older friends or a sudden change in friendship group</li>"
            "<li>seeming frightened, secretive or withdrawn</li>"
            "<li>being arrested in an area they have no link to</li></ul>"
            "<p>A child who is exploited is a victim, even if they seem to be taking part "
            "willingly. Exploitation is a safeguarding concern. Always follow your "
            "organisation's safeguarding procedures.</p>"
        )),
        ("heading", "Reachable moments"),
        ("rich_text", (
            "<p>A 'reachable moment' is a point when a young person may be more open to help "
            "than usual. Examples include:</p>"
            "<ul>"
            "<li>being treated in A&amp;E or a hospital ward after an injury</li>"
            "<li>being held in police custody</li>"
            "<li>being excluded from school</li>"
            "<li>after a friend or family member has been hurt</li></ul>"
            "<p>At these times, a young person may feel shaken and start to think about "
            "changing things. Some services, such as youth workers based in hospitals or "
            "custody suites, are set up to use these moments. Anyone who meets a young person "
            "at such a time can make a difference by being calm, kind and clear about what help "
            "is available.</p>"
        )),
        ("key_points", [
            (
                "Young people can be victims, witnesses and those who harm, often more than one "
                "at once."
            ),
            "A child who is criminally exploited is a victim, even if they seem willing.",
            "County lines uses children and vulnerable adults to move and sell drugs.",
            "Reachable moments, such as A&E or custody, can be chances to offer help.",
        ]),
        ("question", _question(
            (
                "A 15-year-old is arrested in a town 60 miles from home with cash and two "
                "phones. How should they be seen first?"
            ),
            (
                "As a possible victim of criminal exploitation.",
                True,
                (
                    "Yes. These are possible signs of county lines. The young person needs a "
                    "safeguarding response, as well as any criminal justice process."
                ),
            ),
            (
                "Only as someone who has committed an offence.",
                False,
                (
                    "An offence may need to be dealt with. But the signs here suggest "
                    "exploitation, so safeguarding must be considered too."
                ),
            ),
            (
                "As a young person who has simply chosen to run away.",
                False,
                (
                    "Going missing can look like a choice. But the cash, phones and distance "
                    "from home suggest someone else may be controlling them."
                ),
            ),
        )),
        ("reflection", _reflection(
            (
                "Where in your role might you meet a young person at a reachable moment? What "
                "could you say or do in five minutes that might help?"
            ),
        )),
        _signposting(
            "Help and support",
            "childline", "nspcc", "crimestoppers", "victim_support", "eap", "emergency",
        ),
    ],
}


_C2_LESSON_2: Dict[str, Any] = {
    "title": "The first conversation",
    "slug": "the-first-conversation",
    "content_warning": (
        "This lesson talks about young people telling adults about violence or abuse. It does "
        "not describe any incidents."
    ),
    "blocks": [
        ("heading", "Start with a calm, regulated adult"),
        ("rich_text", (
            "<p>A young person who has been affected by violence may be outside their window of "
            "tolerance. The most useful thing you can offer first is yourself: a calm, steady "
            "adult.</p>"
            "<ul>"
            "<li>Notice your own reactions. Take a slow breath before you speak.</li>"
            "<li>Keep your voice low and your pace slow.</li>"
            "<li>Sit at an angle rather than face to face, if that feels more comfortable for "
            "them.</li>"
            "<li>Find somewhere quiet and private, but where others know where you "
            "are.</li></ul>"
        )),
        ("heading", "Listen more than you speak"),
        ("rich_text", (
            "<p>Let the young person tell you what they want to, at their own pace. You do not "
            "need to get every detail. That is not your job, and pushing for detail could harm "
            "a police investigation or upset them further.</p>"
            "<ul>"
            "<li>Use open prompts, such as 'Tell me more about that' or 'What happened "
            "next?'</li>"
            "<li>Avoid leading questions, such as 'Did he hit you?'</li>"
            "<li>Do not ask 'why' questions. They can sound like blame.</li>"
            "<li>Show you are listening. Thank them for telling you.</li>"
            "<li>Tell them it is not their fault if they are a victim.</li></ul>"
        )),
        ("heading", "Never promise to keep a secret"),
        ("rich_text", (
            "<p>A young person may ask you not to tell anyone. It is natural to want to "
            "reassure them, but you must not promise confidentiality. If you are worried they "
            "or someone else is at risk of harm, you have a duty to share this.</p>"
            "<p>Be honest and kind. For example: <em>'I can't keep this just between us if I'm "
            "worried you might not be safe. But I will tell you who I need to talk to and what "
            "will happen next.'</em></p>"
            "<p>Where you can, involve them in what happens next. Being honest now protects "
            "trust later.</p>"
        )),
        ("heading", "Safeguarding and recording"),
        ("rich_text", (
            "<p>If you have any safeguarding concern, follow your organisation's procedures "
            "straight away. This usually means telling your designated safeguarding lead or "
            "manager on the same day. If a young person is in immediate danger, call 999.</p>"
            "<p>Write down what happened as soon as you can:</p>"
            "<ul>"
            "<li>Use the young person's <strong>own words</strong>, even if they are slang or "
            "swearing.</li>"
            "<li>Include the date, time, place and who was present.</li>"
            "<li>Note what you asked and what you saw, such as injuries or how they seemed.</li>"
            "<li>Keep facts separate from your opinions.</li>"
            "<li>Record what you did next and who you told.</li></ul>"
        )),
        ("key_points", [
            "Be a calm, regulated adult first. Your calm can help them feel safer.",
            "Listen, use open prompts and avoid leading or 'why' questions.",
            "Never promise confidentiality. Explain honestly what you will do next.",
            "Follow safeguarding procedures and record in the young person's own words.",
        ]),
        ("question", _question(
            (
                "A young person says, 'I'll tell you, but you have to promise not to tell "
                "anyone.' What is the best reply?"
            ),
            (
                "'I promise. You can trust me.'",
                False,
                (
                    "It is kind to want to reassure them. But if you then need to share a "
                    "concern, breaking a promise can damage their trust."
                ),
            ),
            (
                (
                    "'I can't promise that if I'm worried about your safety, but I'll always "
                    "tell you what I'm doing.'"
                ),
                True,
                "Yes. This is honest and kind, and keeps the door open.",
            ),
            (
                "'Then you'd better not tell me anything.'",
                False,
                (
                    "You may be trying to be honest. But this could stop them asking for help "
                    "at all. Explain what you can and can't do instead."
                ),
            ),
        )),
        ("reflection", _reflection(
            (
                "Who is the designated safeguarding lead, or equivalent, in your team? How "
                "would you contact them today if you needed to?"
            ),
        )),
        _signposting(
            "Help and support",
            "childline", "nspcc", "victim_support", "eap", "emergency",
        ),
    ],
}


_C2_LESSON_3: Dict[str, Any] = {
    "title": "De-escalation and safety planning",
    "slug": "de-escalation-and-safety-planning",
    "content_warning": (
        "This lesson talks about conflict, threats and feeling unsafe, in general terms."
    ),
    "blocks": [
        ("heading", "De-escalation: helping things calm down"),
        ("rich_text", (
            "<p>De-escalation means using your words, tone and body language to help a tense "
            "situation calm down. It works best when you notice early signs, such as pacing, a "
            "raised voice or clenched fists.</p>"
            "<p>Always think about your own safety and the safety of others first. If anyone is "
            "in immediate danger, call 999.</p>"
            "<ul>"
            "<li><strong>Space</strong>: give the young person room. Do not block the exit. "
            "Stand slightly to the side.</li>"
            "<li><strong>Tone</strong>: keep your voice low, slow and steady. Use short, simple "
            "sentences.</li>"
            "<li><strong>Body language</strong>: keep your hands relaxed and visible. Avoid "
            "pointing or folding your arms.</li>"
            "<li><strong>Choices</strong>: offer small, real choices, such as 'Do you want to "
            "sit here or go outside for some air?'</li>"
            "<li><strong>Acknowledge feelings</strong>: 'I can see you're really angry. I want "
            "to help.'</li>"
            "<li><strong>Reduce the audience</strong>: move others away if you can. Young "
            "people may find it hard to back down in front of friends.</li></ul>"
            "<p>Avoid arguing, making threats you cannot carry out, or using sarcasm. These "
            "usually make things worse.</p>"
        )),
        ("heading", "Safety planning with the young person"),
        ("rich_text", (
            "<p>A safety plan is a simple, practical plan to help a young person stay safe. It "
            "works best when it is made <strong>with</strong> them, not for them. They know "
            "their own lives and risks better than anyone.</p>"
            "<p>A safety plan might cover:</p>"
            "<ul>"
            "<li>places, people or times that feel unsafe, and ways to avoid them</li>"
            "<li>safe routes to and from school, home or work</li>"
            "<li>who they can contact if they feel at risk, including a <strong>trusted "
            "adult</strong></li>"
            "<li>what to do in an emergency, including calling 999</li>"
            "<li>what helps them calm down when they feel stressed</li></ul>"
            "<p>Write it in their words. Give them a copy, if it is safe for them to keep one. "
            "Agree when you will look at it again. Any formal safety plan should follow your "
            "organisation's procedures and be shared with the right professionals.</p>"
        )),
        ("heading", "The trusted adult"),
        ("rich_text", (
            "<p>Ask the young person who they trust. It might be a family member, a teacher, a "
            "coach or a youth worker. You could be that person. A trusted adult does not need "
            "to have all the answers. They need to be reliable, honest and there when it "
            "matters.</p>"
        )),
        ("key_points", [
            "Think about safety first. If anyone is in immediate danger, call 999.",
            (
                "Use space, a calm tone, open body language and small choices to help things "
                "calm down."
            ),
            "Make safety plans with the young person, in their words.",
            "Help the young person identify a trusted adult.",
        ]),
        ("question", _question(
            (
                "A young person is shouting in a corridor with friends watching. Which action "
                "is most likely to help?"
            ),
            (
                "Tell them firmly, in front of everyone, to stop now.",
                False,
                (
                    "Clear boundaries matter. But challenging them in front of friends can make "
                    "it harder for them to back down."
                ),
            ),
            (
                "Speak calmly, give them space and offer a choice of somewhere quieter to talk.",
                True,
                (
                    "Yes. Space, a calm tone and a real choice help the young person regain "
                    "control without losing face."
                ),
            ),
            (
                "Stand close and block the way so they cannot leave.",
                False,
                (
                    "You may want to stop things getting worse. But blocking an exit can make "
                    "someone feel trapped and raise the risk for everyone."
                ),
            ),
        )),
        ("reflection", _reflection(
            (
                "What helps you stay calm when someone is angry with you? How could you use "
                "that in your next difficult conversation?"
            ),
        )),
        _signposting(
            "Help and support",
            "childline", "shout", "victim_support", "eap", "emergency",
        ),
    ],
}


_C2_LESSON_4: Dict[str, Any] = {
    "title": "Working together under the Serious Violence Duty",
    "slug": "working-together-serious-violence-duty",
    "content_warning": "This lesson mentions serious violence in general terms.",
    "blocks": [
        ("heading", "What the Serious Violence Duty is"),
        ("rich_text", (
            "<p>The Serious Violence Duty is a legal duty that came in under the Police, Crime, "
            "Sentencing and Courts Act 2022. It started in January 2023.</p>"
            "<p>It asks local organisations to work together to prevent and reduce serious "
            "violence. The organisations that must take part include:</p>"
            "<ul>"
            "<li>the police</li>"
            "<li>councils</li>"
            "<li>fire and rescue services</li>"
            "<li>NHS integrated care boards</li>"
            "<li>probation services and youth justice services</li></ul>"
            "<p>Schools, colleges, prisons and youth custody settings must co-operate with this "
            "work.</p>"
        )),
        ("heading", "What the Duty asks partners to do"),
        ("rich_text", (
            "<p>In plain words, partners must:</p>"
            "<ol>"
            "<li>agree how they will work together</li>"
            "<li>share information and data to understand serious violence in their area</li>"
            "<li>write a shared needs assessment of what is causing violence locally</li>"
            "<li>publish a strategy setting out how they will prevent and reduce it</li>"
            "<li>review the strategy every year</li></ol>"
            "<p>In Wiltshire and Swindon, the Violence Reduction Partnership brings partners "
            "together to do this work. The Duty focuses on the causes of violence and on early "
            "help, not just on responding after harm has happened.</p>"
        )),
        ("heading", "Sharing information the right way"),
        ("rich_text", (
            "<p>Good information sharing can save lives. The Duty allows partners to share "
            "information to prevent and reduce serious violence. But it must still be done "
            "lawfully and safely.</p>"
            "<ul>"
            "<li>Use your organisation's agreed processes and systems.</li>"
            "<li>Share what is necessary and relevant, with the right people, in a secure "
            "way.</li>"
            "<li>Record what you shared, with whom and why.</li>"
            "<li>If you are unsure, ask your safeguarding lead or data protection "
            "officer.</li></ul>"
            "<p>Data protection law is not a barrier to sharing information to keep a child "
            "safe. Fears about sharing should never stop you acting to protect someone.</p>"
        )),
        ("heading", "Referring, not investigating"),
        ("rich_text", (
            "<p>Your role is to notice, respond and refer. It is <strong>never</strong> your "
            "role to investigate. Do not question suspects, look for evidence or contact people "
            "involved. This could put you and others at risk, and could harm a police "
            "investigation.</p>"
            "<p>Depending on the concern, you may need to refer to:</p>"
            "<ul>"
            "<li><strong>children's social care</strong>, through your local front door (often "
            "called the multi-agency safeguarding hub, or MASH), if a child may be at risk of "
            "harm</li>"
            "<li><strong>the local youth justice service</strong>, if a young person is "
            "involved with, or at risk of entering, the criminal justice system</li>"
            "<li><strong>the Violence Reduction Partnership</strong>, for advice and access to "
            "local programmes</li>"
            "<li><strong>the police</strong>, on 999 in an emergency or 101 if it is not "
            "urgent</li></ul>"
            "<p>Children who are criminally exploited may also be victims of modern slavery. "
            "Some organisations, such as the police and councils, can refer them to the "
            "National Referral Mechanism. If you are not sure whether this applies, speak to "
            "your safeguarding lead.</p>"
        )),
        ("key_points", [
            (
                "The Serious Violence Duty requires local partners to work together to prevent "
                "and reduce serious violence."
            ),
            (
                "Partners share information, assess local needs and publish a strategy, "
                "reviewed every year."
            ),
            (
                "Share information through your organisation's agreed channels, and record what "
                "you share."
            ),
            "Notice, respond and refer. Never investigate yourself.",
        ]),
        ("question", _question(
            (
                "A young person tells you the name of someone they say is running a drugs line. "
                "What should you do?"
            ),
            (
                "Search social media to find out more about the person named.",
                False,
                (
                    "It is natural to want to help. But finding out more yourself is "
                    "investigating, which could put people at risk and harm a police inquiry."
                ),
            ),
            (
                (
                    "Record what was said in their words and follow your safeguarding "
                    "procedures to share it."
                ),
                True,
                (
                    "Yes. Record it accurately and pass it on through the right channels, so "
                    "the right agencies can act."
                ),
            ),
            (
                "Keep it to yourself to protect the young person.",
                False,
                (
                    "Protecting the young person is the right aim. But keeping it to yourself "
                    "could leave them and others at risk. Sharing it safely is how to protect "
                    "them."
                ),
            ),
        )),
        ("reflection", _reflection(
            (
                "Do you know how to make a referral to children's social care and to your local "
                "youth justice service? If not, who could you ask this week?"
            ),
        )),
        _signposting(
            "Help and support",
            "crimestoppers", "police_101", "nspcc", "victim_support", "eap", "emergency",
        ),
    ],
}


_C2_ASSESSMENT: Dict[str, Any] = {
    "title": "Responding to young people after violence: check your learning",
    "intro": (
        "Answer these five questions to check your learning. You need 80% to pass. You can try "
        "again if you need to, and you will see feedback on each answer."
    ),
    "questions": [
        _question(
            "Which statement about child criminal exploitation is correct?",
            (
                "If a child seems willing, it is not exploitation.",
                False,
                (
                    "This is a common belief. But children can be groomed, pressured or "
                    "threatened. A child who is exploited is a victim, even if they seem "
                    "willing."
                ),
            ),
            (
                "A child who is exploited is a victim, even if they have also committed offences.",
                True,
                (
                    "Correct. Exploitation is a safeguarding concern, whatever else the child "
                    "has been involved in."
                ),
            ),
            (
                "County lines only happens in big cities.",
                False,
                (
                    "Not quite. County lines often moves drugs from cities into towns and rural "
                    "areas, including Wiltshire and Swindon."
                ),
            ),
        ),
        _question(
            "What is a 'reachable moment'?",
            (
                (
                    "A time when a young person may be more open to accepting help, such as in "
                    "A&E or custody."
                ),
                True,
                (
                    "Correct. These moments can be a chance to offer support that a young "
                    "person might not accept at other times."
                ),
            ),
            (
                "A set time each week when a youth worker is available.",
                False,
                (
                    "Regular contact is valuable, but a reachable moment is about the young "
                    "person's situation, such as after an injury or arrest."
                ),
            ),
            (
                "The point when police decide whether to charge someone.",
                False,
                (
                    "Not quite. A reachable moment is about when a young person may be open to "
                    "help, not a criminal justice decision."
                ),
            ),
        ),
        _question(
            "How should you record what a young person tells you about a concern?",
            (
                "Summarise it in professional language so it reads clearly.",
                False,
                (
                    "Clear records matter. But changing their words can change the meaning. Use "
                    "the young person's own words."
                ),
            ),
            (
                "Wait until you have the full story before writing anything.",
                False,
                (
                    "You may never have the full story, and that is not your job. Record what "
                    "you know as soon as you can."
                ),
            ),
            (
                (
                    "Use their own words, note the date, time and who was present, and keep "
                    "facts separate from opinion."
                ),
                True,
                (
                    "Correct. Accurate, prompt records help other professionals understand and "
                    "act on the concern."
                ),
            ),
        ),
        _question(
            "Which approach is most likely to help de-escalate a tense situation?",
            (
                "Raising your voice so you can be heard clearly.",
                False,
                (
                    "Being heard matters. But a raised voice can feel like a threat. A low, "
                    "slow, steady tone usually works better."
                ),
            ),
            (
                "Giving space, using a calm tone and offering small, real choices.",
                True,
                "Correct. These help a young person feel safer and more in control.",
            ),
            (
                "Warning them of serious consequences straight away.",
                False,
                (
                    "Boundaries have a place. But early warnings can push someone further into "
                    "fight or flight."
                ),
            ),
        ),
        _question(
            (
                "Under the Serious Violence Duty, what is your role if you suspect a young "
                "person is involved in serious violence?"
            ),
            (
                "Find out who else is involved before telling anyone.",
                False,
                (
                    "Wanting to get it right is good. But finding out more yourself is "
                    "investigating, which could put people at risk."
                ),
            ),
            (
                (
                    "Share the concern through your organisation's procedures and make the "
                    "right referrals."
                ),
                True,
                (
                    "Correct. Notice, respond and refer. Use the agreed channels so the right "
                    "partners can act."
                ),
            ),
            (
                "Do nothing, because only the police deal with serious violence.",
                False,
                (
                    "Not quite. The Duty asks many partners, not just the police, to work "
                    "together. Your concern could make a difference."
                ),
            ),
        ),
    ],
}


_COURSE_2: Dict[str, Any] = {
    "title": "Responding to young people after violence",
    "slug": "responding-to-young-people-after-violence",
    "summary": (
        "How to respond well when a young person has been affected by violence, from the first "
        "conversation to safety planning and working with partners under the Serious Violence "
        "Duty."
    ),
    "audience": "Staff who work directly with young people in any partner agency",
    "topic": "violence_reduction",
    "level": "skilled",
    "cpd_hours": 1.5,
    "estimated_minutes": 50,
    "pass_mark": 80,
    "validity_months": None,
    "sign_off_note": SIGN_OFF_NOTE,
    "evaluation_questions": [
        (
            "I can describe how violence can affect young people as victims, witnesses and "
            "those who harm."
        ),
        "I feel confident having a first conversation with a young person after violence.",
        "I can use simple de-escalation techniques and involve a young person in safety planning.",
        "I know how to share concerns and make referrals through the right channels.",
    ],
    "lessons": [_C2_LESSON_1, _C2_LESSON_2, _C2_LESSON_3, _C2_LESSON_4],
    "assessment": _C2_ASSESSMENT,
}


# ---------------------------------------------------------------------------
# Course 3: Bleeding control refresher for school staff
# ---------------------------------------------------------------------------

_C3_LESSON_1: Dict[str, Any] = {
    "title": "Safety first and calling 999",
    "slug": "safety-first-and-calling-999",
    "content_warning": (
        "This lesson talks about serious injuries and bleeding, without graphic detail."
    ),
    "blocks": [
        ("heading", "Before you start"),
        ("rich_text", (
            "<p>This refresher reminds you of what you learned in your face-to-face "
            "bleeding-control session. It does not replace that training. Only use the skills "
            "you have been trained in.</p>"
            "<p>Serious bleeding can be life-threatening within minutes. Acting quickly and "
            "calmly can save a life. You do not need to be perfect. Doing something is far "
            "better than doing nothing.</p>"
        )),
        ("heading", "Your own safety first"),
        ("rich_text", (
            "<p>Before you go to help, stop for a moment and check it is safe.</p>"
            "<ul>"
            "<li>Is the danger still there? If someone is still being attacked, or a weapon is "
            "nearby, do not put yourself at risk. Follow your school's emergency procedures and "
            "call 999.</li>"
            "<li>Do not pick up or move a weapon unless you must to keep people safe.</li>"
            "<li>Put on gloves from the bleed kit or first aid kit if they are to hand. Do not "
            "delay helping to look for them.</li></ul>"
        )),
        ("heading", "Call 999"),
        ("rich_text", (
            "<p>Call 999 and ask for an ambulance as early as possible. If someone else is "
            "nearby, ask them to call while you help. Point to a named person: 'You, call 999 "
            "now.'</p>"
            "<ul>"
            "<li>Put the phone on <strong>speaker</strong> so you can keep your hands free.</li>"
            "<li>Give the school's address and the exact location on site.</li>"
            "<li>Say the person is bleeding heavily.</li>"
            "<li>Follow the call handler's instructions and do not hang up until they tell you "
            "to.</li>"
            "<li>Send someone to meet the ambulance crew at the gate and to bring the bleed "
            "kit.</li></ul>"
        )),
        ("heading", "Know where your bleed kit is"),
        ("rich_text", (
            "<p>Every second counts. Know where your school's bleed kit is kept, what is in it, "
            "and who is trained to use it. Check this now if you are not sure.</p>"
        )),
        ("key_points", [
            "Check it is safe before you help. Do not put yourself at risk.",
            "Call 999, or point to someone and ask them to call. Use the phone's speaker.",
            "Send someone for the bleed kit and to meet the ambulance.",
            "Know where your school's bleed kit is kept.",
        ]),
        ("question", _question(
            (
                "You find a pupil bleeding heavily and another member of staff is nearby. What "
                "should happen first?"
            ),
            (
                "Check it is safe, and ask your colleague to call 999 on speaker while you help.",
                True,
                "Yes. Safety first, then get help on the way as early as possible.",
            ),
            (
                "Go and find the school's first aider before doing anything.",
                False,
                (
                    "Getting the first aider is useful. But heavy bleeding needs action "
                    "straight away. Ask someone to call 999 and send for help while you start."
                ),
            ),
            (
                "Wait to see if the bleeding stops on its own.",
                False,
                (
                    "It is natural to hope it will stop. But heavy bleeding can become "
                    "life-threatening quickly, so act and call 999 straight away."
                ),
            ),
        )),
        _signposting("In an emergency and afterwards", "emergency", "nhs111", "eap"),
    ],
}


_C3_LESSON_2: Dict[str, Any] = {
    "title": "Stopping the bleeding",
    "slug": "stopping-the-bleeding",
    "content_warning": "This lesson talks about wounds and heavy bleeding, without graphic detail.",
    "blocks": [
        ("heading", "Find where the bleeding is coming from"),
        ("rich_text", (
            "<p>Look for where the blood is coming from. You may need to move or open clothing "
            "to see the wound. Heavy bleeding can be hidden by dark or thick clothes, so look "
            "and feel carefully.</p>"
            "<p>Help the person to lie down if they can. This can help if they feel faint.</p>"
        )),
        ("heading", "Apply firm, direct pressure"),
        ("rich_text", (
            "<p>Firm, direct pressure on the wound is the most important thing you can do.</p>"
            "<ul>"
            "<li>Press hard on the wound with a dressing from the bleed kit. If you have "
            "nothing else, use a clean cloth or your hand.</li>"
            "<li>Use both hands and lean your weight on it.</li>"
            "<li><strong>Keep pressing</strong>. Do not lift off to check the wound.</li>"
            "<li>If blood soaks through, do not remove the dressing. Add more on top and keep "
            "pressing.</li>"
            "<li>If there is an object stuck in the wound, do not pull it out. Press firmly "
            "around it instead.</li></ul>"
            "<p>Keep pressing until the ambulance crew take over.</p>"
        )),
        ("heading", "Packing a deep wound (if trained)"),
        ("rich_text", (
            "<p>If you have been trained to do so, a deep wound on an arm or leg can be packed. "
            "This means pushing a dressing from the bleed kit firmly into the wound, then "
            "pressing hard on top. Only do this if you were shown how in your session. If not, "
            "keep applying firm, direct pressure.</p>"
        )),
        ("heading", "Using a tourniquet (if trained)"),
        ("rich_text", (
            "<p>A tourniquet is a strap that is tightened around an arm or leg to stop blood "
            "flowing to a wound. It is for <strong>life-threatening bleeding from a "
            "limb</strong> that pressure is not controlling, or cannot control.</p>"
            "<ul>"
            "<li>Only use a tourniquet from your bleed kit, and only if you have been "
            "trained.</li>"
            "<li>Place it on the limb between the wound and the body, as you were taught.</li>"
            "<li>Tighten it until the bleeding stops. Tell the person it will hurt.</li>"
            "<li>Note the time it was put on, and tell the ambulance crew.</li>"
            "<li>Do not loosen or remove it. Leave that to the ambulance crew.</li></ul>"
            "<p>Tourniquets cannot be used on the neck, chest or stomach. For wounds there, "
            "keep applying firm, direct pressure.</p>"
        )),
        ("key_points", [
            "Find where the bleeding is coming from. Look and feel carefully.",
            "Apply firm, direct pressure and keep pressing. Add more dressings on top if needed.",
            "Only pack a wound or use a tourniquet if you have been trained.",
            "Never loosen or remove a tourniquet. Note the time it went on.",
        ]),
        ("question", _question(
            (
                "You are pressing a dressing onto a wound and blood starts to soak through. "
                "What should you do?"
            ),
            (
                "Remove the dressing to check the wound, then put on a new one.",
                False,
                (
                    "It is natural to want to check. But lifting the dressing releases pressure "
                    "and can restart heavy bleeding."
                ),
            ),
            (
                "Add another dressing on top and keep pressing firmly.",
                True,
                "Yes. Keep the first dressing in place, add more on top and keep firm pressure.",
            ),
            (
                "Stop pressing, as pressure is not working.",
                False,
                (
                    "It can feel like it is not working. But steady, firm pressure is still the "
                    "most important thing. Press harder, and use a tourniquet for a limb if "
                    "trained."
                ),
            ),
        )),
        _signposting("In an emergency and afterwards", "emergency", "nhs111", "eap"),
    ],
}


_C3_LESSON_3: Dict[str, Any] = {
    "title": "Caring for the person and for yourself",
    "slug": "caring-for-the-person-and-yourself",
    "content_warning": (
        "This lesson talks about the emotional impact of dealing with a serious injury."
    ),
    "blocks": [
        ("heading", "Keep them warm and reassure them"),
        ("rich_text", (
            "<p>People who have lost a lot of blood can get cold quickly, and this can make "
            "things worse.</p>"
            "<ul>"
            "<li>Cover them with a foil blanket from the bleed kit, a coat or a blanket.</li>"
            "<li>If it is safe, put something between them and a cold floor or ground.</li>"
            "<li>Do not give them anything to eat or drink.</li>"
            "<li>Stay with them. Talk calmly. Tell them help is coming.</li>"
            "<li>Keep other pupils away and give them something to do elsewhere, if staff are "
            "available.</li></ul>"
            "<p>When the ambulance crew arrive, tell them what happened, what you have done "
            "and, if used, what time the tourniquet went on.</p>"
        )),
        ("heading", "After the incident"),
        ("rich_text", (
            "<ul>"
            "<li>Wash your hands and any skin with blood on it as soon as you can.</li>"
            "<li>If blood got into your eyes, mouth or a cut, tell your manager straight away "
            "and get medical advice the same day, for example from NHS 111 or occupational "
            "health.</li>"
            "<li>Follow your school's procedures for reporting the incident and any "
            "safeguarding concerns.</li>"
            "<li>Tell the person responsible for the bleed kit what was used, so it can be "
            "restocked.</li></ul>"
        )),
        ("heading", "Look after yourself"),
        ("rich_text", (
            "<p>Helping in an emergency can affect you, even if you feel fine at first. In the "
            "days afterwards you might notice trouble sleeping, going over what happened, "
            "feeling shaky, tearful or numb. These are common, normal reactions, and they "
            "usually ease with time.</p>"
            "<p>Talk to someone you trust. Ask your line manager about a debrief and your "
            "employee assistance programme. If your feelings are not easing after a few weeks, "
            "or they are getting in the way of daily life, speak to your GP.</p>"
            "<p>Remember: whatever the outcome, you stepped in to help. That matters.</p>"
        )),
        ("key_points", [
            "Keep the person warm, stay with them and reassure them.",
            "Tell the ambulance crew what you did and when any tourniquet went on.",
            "Report any blood in your eyes, mouth or a cut straight away.",
            "Make sure the bleed kit is restocked, and get support for yourself.",
        ]),
        ("reflection", _reflection(
            (
                "Where is your school's bleed kit? Who would you talk to after an incident like "
                "this? Write both down now."
            ),
        )),
        _signposting(
            "Support after an incident",
            "eap", "samaritans", "shout", "nhs111", "emergency",
        ),
    ],
}


_C3_ASSESSMENT: Dict[str, Any] = {
    "title": "Bleeding control refresher: check your learning",
    "intro": (
        "Answer these four questions to check your learning. You need 80% to pass. This "
        "refresher is valid for 12 months and does not replace hands-on training."
    ),
    "questions": [
        _question(
            "What is the first thing to do when you see someone bleeding heavily?",
            (
                "Run straight to them, whatever is happening around them.",
                False,
                (
                    "Wanting to help fast is a good instinct. But check it is safe first, so "
                    "you do not become hurt too."
                ),
            ),
            (
                "Check it is safe to help, and get 999 called.",
                True,
                (
                    "Correct. Your safety comes first, and calling 999 early gets expert help "
                    "on the way."
                ),
            ),
            (
                "Fill in an incident form.",
                False,
                (
                    "Reporting matters, but it comes later. Helping the person and calling 999 "
                    "come first."
                ),
            ),
        ),
        _question(
            "What is the most important way to control heavy bleeding?",
            (
                "Firm, direct pressure on the wound, kept up until help arrives.",
                True,
                "Correct. Press hard and keep pressing.",
            ),
            (
                "Lifting the dressing every minute to check the bleeding.",
                False,
                (
                    "It is natural to want to check. But lifting the dressing releases pressure "
                    "and can restart bleeding."
                ),
            ),
            (
                "Washing the wound with water first.",
                False,
                (
                    "Cleaning wounds matters for minor cuts. For heavy bleeding, firm, direct "
                    "pressure is what matters most."
                ),
            ),
        ),
        _question(
            "When should you use a tourniquet from the bleed kit?",
            (
                "For any cut, to be on the safe side.",
                False,
                (
                    "Not quite. Tourniquets are painful and only for life-threatening bleeding "
                    "from a limb."
                ),
            ),
            (
                "For heavy bleeding from the neck or chest.",
                False,
                (
                    "Not quite. Tourniquets cannot be used on the neck, chest or stomach. Use "
                    "firm, direct pressure there."
                ),
            ),
            (
                "For life-threatening bleeding from an arm or leg, if you have been trained.",
                True,
                "Correct. Note the time it was applied and never loosen or remove it yourself.",
            ),
        ),
        _question(
            "Which of these should you do after helping in a bleeding emergency?",
            (
                "Keep your feelings to yourself so you do not worry others.",
                False,
                (
                    "Many people feel this way. But talking to someone you trust, and using the "
                    "support on offer, helps you recover."
                ),
            ),
            (
                "Report the incident, get the kit restocked and seek support for yourself.",
                True,
                (
                    "Correct. Reporting, restocking and looking after yourself are all part of "
                    "the response."
                ),
            ),
            (
                "Put the used items back in the kit to save money.",
                False,
                (
                    "Not quite. Used items must be replaced so the kit is ready for next time. "
                    "Tell the person responsible for the kit."
                ),
            ),
        ),
    ],
}


_COURSE_3: Dict[str, Any] = {
    "title": "Bleeding control: refresher for school staff",
    "slug": "bleeding-control-refresher",
    "summary": (
        "A short refresher on the principles taught in school bleeding-control sessions. It "
        "does not replace hands-on training."
    ),
    "audience": "School staff who have attended a face-to-face bleeding-control session",
    "topic": "bleeding_control",
    "level": "",
    "cpd_hours": 0.5,
    "estimated_minutes": 20,
    # Four questions: 75% is three of four. (80% would have needed all four.)
    "pass_mark": 75,
    "validity_months": 12,
    "sign_off_note": SIGN_OFF_NOTE,
    "evaluation_questions": [
        "I know the first steps to take if someone is bleeding heavily.",
        "I know where my school's bleed kit is kept.",
        "I feel confident applying firm, direct pressure to a wound.",
        "I know how to get support for myself after an incident.",
    ],
    "lessons": [_C3_LESSON_1, _C3_LESSON_2, _C3_LESSON_3],
    "assessment": _C3_ASSESSMENT,
}


COURSES: List[Dict[str, Any]] = [_COURSE_1, _COURSE_2, _COURSE_3]
