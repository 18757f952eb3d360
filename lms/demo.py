"""Demo site pages: home, accessibility statement, privacy notice, cookies. Idempotent."""
from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage, ServiceSettings, StandardPage

HOME_INTRO = (
    "Free training for people who work with children, young people and adults affected by violence "
    "in Wiltshire and Swindon, and bleeding-control sessions for schools."
)

HOME_BODY = [
    ("heading", "What you can do here"),
    (
        "paragraph",
        "<p>Staff of partner agencies (police, councils, health, fire and rescue, probation, youth justice, "
        "schools and voluntary groups) can take short online modules on trauma-influenced behaviour. "
        "Each module takes under an hour, you can stop and come back, and you get a certificate you can "
        "share with your employer.</p>"
        "<p>Teachers can book a free bleeding-control session for a class. An instructor visits your school "
        "and teaches pupils what to do if someone is badly hurt: call 999, press hard on the wound and keep "
        "pressing until help arrives.</p>",
    ),
    (
        "call_to_action",
        {
            "heading": "Online modules",
            "text": "Understand why people may react the way they do after trauma, and how to respond.",
            "link_text": "See the modules",
            "link_url": "/modules/",
        },
    ),
    (
        "call_to_action",
        {
            "heading": "Check a certificate",
            "text": "Employers and schools can check that a certificate is real and still valid.",
            "link_text": "Verify a certificate",
            "link_url": "/certificates/verify/",
        },
    ),
]

STANDARD_PAGES = {
    "accessibility": (
        "Accessibility statement",
        "We want as many people as possible to be able to use this website.",
        "<p>You should be able to change colours, contrast and fonts using your browser, zoom in up to 400% "
        "without the text spilling off the screen, navigate the whole site using just a keyboard, and use it "
        "with a screen reader. We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at "
        "level AA.</p><h2>Interactive activities</h2><p>Some activities are made with H5P. If one does not work "
        "for you, each lesson tells you what it covers in text too, and you can ask us for another format.</p>"
        "<h2>Reporting problems</h2><p>If you find a problem, email the partnership team and tell us the page "
        "address and what went wrong. We will reply within 5 working days.</p>",
    ),
    "privacy": (
        "Privacy notice",
        "How the partnership uses the information you give us.",
        "<p>We hold your name, work email, organisation, job role and area so that you can sign in, get "
        "certificates and so that partner agencies can see how many of their staff are trained.</p>"
        "<p>We never collect the names of pupils: schools tell us how many pupils attended and their year "
        "group only.</p><p>You can download everything we hold about you, or delete your account, from "
        "your account page.</p>"
        "<h2>How long we keep it</h2><p>If you create an account but never confirm your email address, we "
        "delete the account after 30 days. If you do not sign in for 3 years, we remove your name, email "
        "address and anything you wrote, and keep only anonymous records of the training you completed, so "
        "that the partnership's figures stay right.</p>",
    ),
    "cookies": (
        "Cookies",
        "We only use cookies that are needed to make the site work.",
        "<p>We use a session cookie to keep you signed in and a security cookie that protects forms. We do not "
        "use analytics or advertising cookies.</p>",
    ),
}


def ensure_tree_roots() -> Page:
    """Wagtail's locale, root page and root collection come from its migrations; a flushed database
    (as in transactional tests) has none of them, so make them again."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
        )
    return root


@transaction.atomic
def seed() -> HomePage:
    root = ensure_tree_roots()
    home = HomePage.objects.first()
    if home is None:
        # Replace Wagtail's starter page with ours.
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage(title="Training to prevent serious violence", slug="home-vrp")
        root.add_child(instance=home)
        if site is not None:
            old_root = site.root_page
            site.root_page = home
            site.save()
            if old_root.specific_class is Page and old_root.pk != home.pk:
                old_root.delete()
        else:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="VRP training")
        home.refresh_from_db()
    home.introduction = HOME_INTRO
    home.body = HOME_BODY
    home.save_revision().publish()
    for slug, (title, intro, body) in STANDARD_PAGES.items():
        page = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            page = StandardPage(title=title, slug=slug)
            home.add_child(instance=page)
        page.title = title
        page.introduction = intro
        page.body = body
        page.show_service_details = slug in ("accessibility", "privacy")
        page.save_revision().publish()
    _seed_service_details()
    return home


# Demo wording for the partnership's data protection officer to replace: needs sign-off before going live.
DEMO_SERVICE_DETAILS = {
    "contact_email": "training@vrp.example",
    "data_controller": "The Violence Reduction Partnership, c/o the Office of the Police and Crime Commissioner "
    "(demo text: needs sign-off)",
    "lawful_basis": "Public task (UK GDPR Article 6(1)(e)): training staff of partner agencies is part of the "
    "partnership's duty under the Serious Violence Duty. (Demo text: needs sign-off.)",
    "retention_periods": "Your account and learning records: until you delete your account, or 3 years after you "
    "last sign in. Certificates: 6 years after they are issued, so they can still be checked. Session bookings: "
    "6 years. (Demo text: needs sign-off.)",
}


def _seed_service_details() -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    details = ServiceSettings.for_site(site)
    if not details.contact_email:  # an administrator's own details are kept
        for name, value in DEMO_SERVICE_DETAILS.items():
            setattr(details, name, value)
        details.save()
